import { formatScore, scoreTone } from './format';

describe('formatScore', () => {
  it('shows "No data" for a missing score, never a number', () => {
    expect(formatScore(null)).toBe('No data');
    expect(formatScore(undefined)).toBe('No data');
  });

  it('keeps one decimal and drops it for whole numbers', () => {
    expect(formatScore(87.5)).toBe('87.5 %');
    expect(formatScore(100)).toBe('100 %');
    expect(formatScore(0)).toBe('0 %');
  });
});

describe('scoreTone', () => {
  it.each([
    [null, 'default'],
    [95, 'success'],
    [90, 'success'],
    [75, 'warning'],
    [69.9, 'error'],
    [0, 'error'],
  ] as const)('%s → %s', (score, tone) => {
    expect(scoreTone(score)).toBe(tone);
  });
});
