import { effectiveResult } from './effectiveResult';
import {
  Attestation,
  AttestationRevocation,
  RawCheckResult,
  Waiver,
  WaiverRevocation,
} from './types';

const scope = { kind: 'cluster' as const, id: 'sparki-prod' };
const at = (iso: string) => new Date(iso);

function raw(overrides: Partial<RawCheckResult> = {}): RawCheckResult {
  return {
    checkId: 'posture-control:workload-host-pid',
    scope,
    state: 'fail',
    observedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

const noData = (checkId = 'attestation:pen-test') =>
  raw({ checkId, state: 'unknown', reason: 'no-data' });

function waiver(overrides: Partial<Waiver> = {}): Waiver {
  return {
    kind: 'waiver',
    id: 'w1',
    checkId: 'posture-control:workload-host-pid',
    scope,
    reason: 'node exporter needs the host PID namespace',
    requester: 'user:default/alice',
    approver: 'user:default/bob',
    approvedAt: '2026-03-01T00:00:00.000Z',
    expiresAt: '2026-04-01T00:00:00.000Z',
    ...overrides,
  };
}

function attestation(overrides: Partial<Attestation> = {}): Attestation {
  return {
    kind: 'attestation',
    id: 'a1',
    checkId: 'attestation:pen-test',
    scope,
    attestedBy: 'user:default/bob',
    evidence: { url: 'https://docs.example.com/pentest-2026.pdf' },
    attestedAt: '2026-03-01T00:00:00.000Z',
    expiresAt: '2027-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('effectiveResult', () => {
  it('returns the raw result when nothing applies, keeping it as evidence', () => {
    const result = effectiveResult(raw(), [], [], at('2026-03-10T00:00:00Z'));
    expect(result).toEqual({ ...raw(), raw: raw() });
  });

  describe('waivers', () => {
    it('turns a failure into waived while the waiver holds', () => {
      expect(
        effectiveResult(raw(), [waiver()], [], at('2026-03-10T00:00:00Z')),
      ).toMatchObject({
        state: 'waived',
        waiverId: 'w1',
        validUntil: '2026-04-01T00:00:00.000Z',
        raw: { state: 'fail' },
      });
    });

    it('holds from the approval instant, not before it', () => {
      expect(
        effectiveResult(raw(), [waiver()], [], at('2026-03-01T00:00:00.000Z'))
          .state,
      ).toBe('waived');
      expect(
        effectiveResult(raw(), [waiver()], [], at('2026-02-28T23:59:59.999Z'))
          .state,
      ).toBe('fail');
    });

    it('expires back to the raw result at expiresAt (exclusive)', () => {
      expect(
        effectiveResult(raw(), [waiver()], [], at('2026-03-31T23:59:59.999Z'))
          .state,
      ).toBe('waived');
      const expired = effectiveResult(
        raw(),
        [waiver()],
        [],
        at('2026-04-01T00:00:00.000Z'),
      );
      expect(expired).toEqual({ ...raw(), raw: raw() });
    });

    it('ends at a revocation, a separate record', () => {
      const revocation: WaiverRevocation = {
        kind: 'waiver-revocation',
        id: 'r1',
        waiverId: 'w1',
        revokedBy: 'user:default/bob',
        revokedAt: '2026-03-15T00:00:00.000Z',
        reason: 'the exporter moved to a DaemonSet without hostPID',
      };
      const records = [waiver(), revocation];
      expect(
        effectiveResult(raw(), records, [], at('2026-03-14T00:00:00Z')),
      ).toMatchObject({
        state: 'waived',
        validUntil: '2026-03-15T00:00:00.000Z',
      });
      expect(
        effectiveResult(raw(), records, [], at('2026-03-15T00:00:00Z')).state,
      ).toBe('fail');
    });

    it('applies only to the same check and the same scope', () => {
      const now = at('2026-03-10T00:00:00Z');
      expect(
        effectiveResult(
          raw(),
          [waiver({ checkId: 'posture-control:workload-host-ipc' })],
          [],
          now,
        ).state,
      ).toBe('fail');
      expect(
        effectiveResult(
          raw(),
          [waiver({ scope: { kind: 'cluster', id: 'sparki-staging' } })],
          [],
          now,
        ).state,
      ).toBe('fail');
      expect(
        effectiveResult(
          raw(),
          [waiver({ scope: { kind: 'namespace', id: 'sparki-prod' } })],
          [],
          now,
        ).state,
      ).toBe('fail');
    });

    it('covers an unknown result, but leaves pass and not-applicable alone', () => {
      const now = at('2026-03-10T00:00:00Z');
      expect(
        effectiveResult(
          raw({ state: 'unknown', reason: 'error' }),
          [waiver()],
          [],
          now,
        ),
      ).toMatchObject({
        state: 'waived',
        raw: { state: 'unknown', reason: 'error' },
      });
      expect(
        effectiveResult(raw({ state: 'pass' }), [waiver()], [], now).state,
      ).toBe('pass');
      expect(
        effectiveResult(raw({ state: 'not-applicable' }), [waiver()], [], now)
          .state,
      ).toBe('not-applicable');
    });

    it('states the validity of the longest-lasting waiver in force', () => {
      const result = effectiveResult(
        raw(),
        [waiver(), waiver({ id: 'w2', expiresAt: '2026-05-01T00:00:00.000Z' })],
        [],
        at('2026-03-10T00:00:00Z'),
      );
      expect(result).toMatchObject({
        waiverId: 'w2',
        validUntil: '2026-05-01T00:00:00.000Z',
      });
    });
  });

  describe('attestations', () => {
    it('makes an attestation check attested while the attestation holds', () => {
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation()],
          at('2026-06-01T00:00:00Z'),
        ),
      ).toMatchObject({
        state: 'attested',
        attestationId: 'a1',
        validUntil: '2027-03-01T00:00:00.000Z',
      });
    });

    it('is unknown / stale from its expiry on, never pass', () => {
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation()],
          at('2027-02-28T23:59:59.999Z'),
        ).state,
      ).toBe('attested');
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation()],
          at('2027-03-01T00:00:00.000Z'),
        ),
      ).toMatchObject({ state: 'unknown', reason: 'stale' });
    });

    it('does not hold before its date', () => {
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation()],
          at('2026-02-01T00:00:00Z'),
        ),
      ).toMatchObject({ state: 'unknown', reason: 'no-data' });
    });

    it('is as if never made once revoked (no-data, not stale)', () => {
      const revocation: AttestationRevocation = {
        kind: 'attestation-revocation',
        id: 'r1',
        attestationId: 'a1',
        revokedBy: 'user:default/carol',
        revokedAt: '2026-04-01T00:00:00.000Z',
        reason: 'the report covered the wrong system',
      };
      for (const now of ['2026-05-01T00:00:00Z', '2027-06-01T00:00:00Z']) {
        expect(
          effectiveResult(noData(), [], [attestation(), revocation], at(now)),
        ).toMatchObject({ state: 'unknown', reason: 'no-data' });
      }
    });

    it('a newer attestation replaces an expired one', () => {
      const renewed = attestation({
        id: 'a2',
        attestedAt: '2027-02-20T00:00:00.000Z',
        expiresAt: '2028-02-20T00:00:00.000Z',
      });
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation(), renewed],
          at('2027-06-01T00:00:00Z'),
        ),
      ).toMatchObject({ state: 'attested', attestationId: 'a2' });
    });

    it('never overrides data a source has: fail, pass, error, stale', () => {
      const now = at('2026-06-01T00:00:00Z');
      for (const observed of [
        raw({ checkId: 'attestation:pen-test', state: 'fail' }),
        raw({ checkId: 'attestation:pen-test', state: 'pass' }),
        raw({
          checkId: 'attestation:pen-test',
          state: 'unknown',
          reason: 'error',
        }),
        raw({
          checkId: 'attestation:pen-test',
          state: 'unknown',
          reason: 'stale',
        }),
      ]) {
        expect(effectiveResult(observed, [], [attestation()], now)).toEqual({
          ...observed,
          raw: observed,
        });
      }
    });

    it('applies only to the same check and scope', () => {
      const now = at('2026-06-01T00:00:00Z');
      expect(
        effectiveResult(noData('attestation:waf'), [], [attestation()], now)
          .state,
      ).toBe('unknown');
      expect(
        effectiveResult(
          noData(),
          [],
          [attestation({ scope: { kind: 'account', id: '123456789012' } })],
          now,
        ).state,
      ).toBe('unknown');
    });

    it('lets a waiver cover an expired attestation', () => {
      const result = effectiveResult(
        noData(),
        [
          waiver({
            checkId: 'attestation:pen-test',
            approvedAt: '2027-02-01T00:00:00.000Z',
            expiresAt: '2027-05-01T00:00:00.000Z',
          }),
        ],
        [attestation()],
        at('2027-03-10T00:00:00Z'),
      );
      expect(result).toMatchObject({ state: 'waived', waiverId: 'w1' });
      expect(result.attestationId).toBeUndefined();
      expect(result.reason).toBeUndefined();
    });
  });
});
