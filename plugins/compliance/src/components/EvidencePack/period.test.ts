import { evidencePackQuery } from './period';

const now = new Date('2026-12-02T14:00:00.000Z');

describe('evidencePackQuery', () => {
  it('covers whole UTC days, ending now at the latest', () => {
    expect(
      evidencePackQuery(
        'cis-kubernetes',
        { kind: 'cluster', id: 'sparki-dev' },
        { fromOn: '2026-09-01', toOn: '2026-12-02' },
        now,
      ),
    ).toEqual({
      ok: true,
      query: {
        framework: 'cis-kubernetes',
        scope: 'cluster:sparki-dev',
        from: '2026-09-01T00:00:00.000Z',
        to: '2026-12-02T14:00:00.000Z',
      },
    });
    expect(
      evidencePackQuery(
        'cis-eks',
        undefined,
        { fromOn: '2026-11-01', toOn: '2026-11-30' },
        now,
      ),
    ).toEqual({
      ok: true,
      query: {
        framework: 'cis-eks',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-30T23:59:59.999Z',
      },
    });
  });

  it('names every problem of the period', () => {
    expect(
      evidencePackQuery(
        'cis-eks',
        undefined,
        { fromOn: '2026-02-30', toOn: '' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: {
        fromOn: 'Choose the first day of the period.',
        toOn: 'Choose the last day of the period.',
      },
    });
    expect(
      evidencePackQuery(
        'cis-eks',
        undefined,
        { fromOn: '2026-11-10', toOn: '2026-11-09' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: { toOn: 'The last day cannot be before the first.' },
    });
    expect(
      evidencePackQuery(
        'cis-eks',
        undefined,
        { fromOn: '2026-12-03', toOn: '2026-12-04' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: { fromOn: 'The period cannot start in the future.' },
    });
  });
});
