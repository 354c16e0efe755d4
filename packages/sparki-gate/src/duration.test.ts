import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    [' 2m10s ', 130_000],
  ])('reads %p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0', '0s', 'm', '10x', '-5', '1.5h', '30m1h'])(
    'refuses %p',
    text => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});
