import { daysSince, describeStaleness } from './staleness';

const now = new Date('2026-12-02T10:00:00Z');

describe('describeStaleness', () => {
  it('counts whole UTC days', () => {
    expect(daysSince('2026-12-02', now)).toBe(0);
    expect(daysSince('2026-12-01', now)).toBe(1);
    expect(daysSince('2026-05-16', now)).toBe(200);
  });

  it('names every reason of a stale runbook', () => {
    expect(
      describeStaleness(
        {
          stale: true,
          staleReasons: ['review-overdue', 'never-tested'],
          lastReviewed: '2026-05-16',
        },
        now,
      ),
    ).toBe('stale: reviewed 200 days ago, never tested');
    expect(
      describeStaleness(
        {
          stale: true,
          staleReasons: ['test-overdue'],
          lastReviewed: '2026-12-01',
          lastTested: {
            date: '2025-12-02',
            by: 'user:default/alice',
            outcome: 'passed',
          },
        },
        now,
      ),
    ).toBe('stale: tested 365 days ago');
    expect(
      describeStaleness(
        {
          stale: true,
          staleReasons: ['last-test-failed'],
          lastReviewed: '2026-12-01',
          lastTested: {
            date: '2026-12-01',
            by: 'user:default/alice',
            outcome: 'failed',
          },
        },
        now,
      ),
    ).toBe('stale: last test failed');
  });

  it('says when a current runbook was reviewed', () => {
    const current = { stale: false, staleReasons: [] };
    expect(
      describeStaleness({ ...current, lastReviewed: '2026-12-02' }, now),
    ).toBe('reviewed today');
    expect(
      describeStaleness({ ...current, lastReviewed: '2026-12-01' }, now),
    ).toBe('reviewed 1 day ago');
  });
});
