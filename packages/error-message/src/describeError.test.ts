import { ResponseError } from '@backstage/errors';
import { describeError } from './describeError';

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
  });

  it("falls back to the error's own message, or the value itself", () => {
    expect(describeError(new Error('offline'))).toBe('offline');
    expect(describeError({ body: { error: { message: 42 } } })).toBe(
      '[object Object]',
    );
    expect(describeError('timed out')).toBe('timed out');
    expect(describeError(undefined)).toBe('undefined');
  });
});
