import { InputError } from '@backstage/errors';
import { parseDetectionQuery, parseEventQuery } from './parseQuery';

describe('parseEventQuery', () => {
  it('normalises times and flags, and leaves other parameters to their routes', () => {
    expect(
      parseEventQuery({
        from: '2026-12-01T00:00:00+01:00',
        hasError: 'true',
        limit: '50',
        format: 'csv',
      }),
    ).toEqual({ from: '2026-11-30T23:00:00.000Z', hasError: true, limit: 50 });
  });

  it('names every bad parameter in one 400', () => {
    const parse = () =>
      parseEventQuery({ accountId: '42', limit: '0', from: 'yesterday' });
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      /^Invalid query: from: must be an ISO 8601 time; accountId: must be a 12-digit account id; limit: /,
    );
  });

  it('refuses a period that ends before it starts', () => {
    expect(() =>
      parseEventQuery({
        from: '2026-12-02T00:00:00Z',
        to: '2026-12-01T00:00:00Z',
      }),
    ).toThrow('from must be before to');
  });
});

describe('parseDetectionQuery', () => {
  it('accepts the known severities only', () => {
    expect(parseDetectionQuery({ severity: 'high' })).toEqual({
      severity: 'high',
    });
    expect(() => parseDetectionQuery({ severity: 'urgent' })).toThrow(
      /^Invalid query: severity: /,
    );
  });
});
