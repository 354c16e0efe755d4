import { fillEmptyBuckets } from './EventCountsChart';

describe('fillEmptyBuckets', () => {
  it('adds the quiet hours between buckets as zeros', () => {
    expect(
      fillEmptyBuckets(
        [
          { time: '2026-11-20T07:00:00.000Z', count: 3, errorCount: 1 },
          { time: '2026-11-20T10:00:00.000Z', count: 1, errorCount: 0 },
        ],
        'hour',
      ),
    ).toEqual([
      { time: '2026-11-20T07:00:00.000Z', count: 3, errorCount: 1 },
      { time: '2026-11-20T08:00:00.000Z', count: 0, errorCount: 0 },
      { time: '2026-11-20T09:00:00.000Z', count: 0, errorCount: 0 },
      { time: '2026-11-20T10:00:00.000Z', count: 1, errorCount: 0 },
    ]);
  });

  it('fills days too', () => {
    expect(
      fillEmptyBuckets(
        [
          { time: '2026-11-18T00:00:00.000Z', count: 1, errorCount: 0 },
          { time: '2026-11-20T00:00:00.000Z', count: 2, errorCount: 2 },
        ],
        'day',
      ).map(b => b.count),
    ).toEqual([1, 0, 2]);
  });

  it('leaves very long sparse ranges as they are', () => {
    const sparse = [
      { time: '2025-01-01T00:00:00.000Z', count: 1, errorCount: 0 },
      { time: '2026-01-01T00:00:00.000Z', count: 1, errorCount: 0 },
    ];
    expect(fillEmptyBuckets(sparse, 'hour')).toBe(sparse);
    expect(fillEmptyBuckets([], 'hour')).toEqual([]);
  });
});
