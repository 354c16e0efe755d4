import { ResponseError } from '@backstage/errors';
import { describeError, localInputToIso, shortArn } from './format';

describe('shortArn', () => {
  it('keeps the resource part of an ARN', () => {
    expect(shortArn('arn:aws:iam::333333333333:role/sparki-ci')).toBe(
      'role/sparki-ci',
    );
    expect(shortArn('arn:aws:iam::333333333333:root')).toBe('root');
    expect(shortArn(undefined)).toBe('—');
  });
});

describe('localInputToIso', () => {
  it('converts a datetime-local value and ignores empty or invalid input', () => {
    expect(localInputToIso('2026-11-20T08:30')).toBe(
      new Date('2026-11-20T08:30').toISOString(),
    );
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('not a date')).toBeUndefined();
  });
});

describe('describeError', () => {
  it("prefers the backend's message over the generic HTTP one", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'from must be before to' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    expect(error.message).not.toContain('from must be before to');
    expect(describeError(error)).toBe('from must be before to');
    expect(describeError(new Error('offline'))).toBe('offline');
  });
});
