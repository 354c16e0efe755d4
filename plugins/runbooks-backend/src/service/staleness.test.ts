import { staleReasons } from './staleness';

const now = new Date('2026-07-01T12:00:00Z');

describe('staleReasons', () => {
  it('is empty while review and test are at most staleAfterDays old', () => {
    expect(
      staleReasons(
        {
          lastReviewed: '2026-01-02', // 180 days before 2026-07-01
          lastTested: { date: '2026-06-01', by: 'alice', outcome: 'passed' },
        },
        180,
        now,
      ),
    ).toEqual([]);
  });

  it('flags an overdue review, an overdue test and a runbook never tested', () => {
    expect(
      staleReasons(
        {
          lastReviewed: '2026-01-01',
          lastTested: { date: '2025-12-31', by: 'alice', outcome: 'passed' },
        },
        180,
        now,
      ),
    ).toEqual(['review-overdue', 'test-overdue']);
    expect(staleReasons({ lastReviewed: '2026-06-30' }, 180, now)).toEqual([
      'never-tested',
    ]);
    expect(staleReasons({ lastReviewed: '2026-06-20' }, 7, now)).toEqual([
      'review-overdue',
      'never-tested',
    ]);
  });

  it('flags a runbook whose last test failed, however recent, but not a partial one', () => {
    const tested = (outcome: 'failed' | 'partial') =>
      staleReasons(
        {
          lastReviewed: '2026-06-30',
          lastTested: { date: '2026-06-30', by: 'alice', outcome },
        },
        180,
        now,
      );
    expect(tested('failed')).toEqual(['last-test-failed']);
    expect(tested('partial')).toEqual([]);
  });
});
