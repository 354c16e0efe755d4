import { localInputToIso, shortArn } from './format';

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
