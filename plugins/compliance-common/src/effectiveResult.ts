import { stripUndefined } from './plain';
import { sameScope } from './scope';
import {
  Attestation,
  AttestationRecord,
  CheckResult,
  RawCheckResult,
  Waiver,
  WaiverRecord,
} from './types';

function time(iso: string): number {
  return Date.parse(iso);
}

/** In force at `now`: started, not yet expired (expiry is exclusive), not revoked by then. */
function inForce(
  start: string,
  expiresAt: string,
  revokedAt: string | undefined,
  now: number,
): boolean {
  return (
    time(start) <= now &&
    now < time(expiresAt) &&
    (revokedAt === undefined || now < time(revokedAt))
  );
}

/** The earliest revocation of each record, by the revoked record's id. */
function revocationTimes(
  revocations: ReadonlyArray<{ targetId: string; revokedAt: string }>,
): Map<string, string> {
  const earliest = new Map<string, string>();
  for (const { targetId, revokedAt } of revocations) {
    const known = earliest.get(targetId);
    if (known === undefined || time(revokedAt) < time(known)) {
      earliest.set(targetId, revokedAt);
    }
  }
  return earliest;
}

/** The record among `candidates` that holds longest, so the result states its real validity. */
function longestLasting<T extends { expiresAt: string }>(
  candidates: T[],
): T | undefined {
  return candidates.reduce<T | undefined>(
    (best, candidate) =>
      best === undefined || time(candidate.expiresAt) > time(best.expiresAt)
        ? candidate
        : best,
    undefined,
  );
}

/**
 * A raw result with the waivers and attestations in force at `now` applied:
 *
 * 1. Attestations only stand in for data no source has: they apply to a raw `unknown` /
 *    `no-data` result (an attestation check's source never has data), never over `pass`,
 *    `fail`, `not-applicable` or a source's error or stale data. One in force → `attested`;
 *    only expired (or revoked-after-expiry) ones → `unknown` / `stale`.
 * 2. A waiver in force for the same check and scope turns a `fail` or an `unknown` into `waived`.
 *    A passing or not-applicable result needs no waiver and stays as it is.
 * 3. Expired or revoked waivers and attestations no longer count: the result is the raw one.
 */
export function effectiveResult(
  raw: RawCheckResult,
  waivers: readonly WaiverRecord[],
  attestations: readonly AttestationRecord[],
  now: Date,
): CheckResult {
  const at = now.getTime();
  let result: CheckResult = { ...raw, raw };

  if (raw.state === 'unknown' && raw.reason === 'no-data') {
    const revoked = revocationTimes(
      attestations.flatMap(record =>
        record.kind === 'attestation-revocation'
          ? [{ targetId: record.attestationId, revokedAt: record.revokedAt }]
          : [],
      ),
    );
    const relevant = attestations.filter(
      (record): record is Attestation =>
        record.kind === 'attestation' &&
        record.checkId === raw.checkId &&
        sameScope(record.scope, raw.scope),
    );
    const current = longestLasting(
      relevant.filter(attestation =>
        inForce(
          attestation.attestedAt,
          attestation.expiresAt,
          revoked.get(attestation.id),
          at,
        ),
      ),
    );
    const expired = relevant.some(
      attestation =>
        time(attestation.expiresAt) <= at &&
        !(
          revoked.has(attestation.id) &&
          time(revoked.get(attestation.id)!) < time(attestation.expiresAt)
        ),
    );
    if (current) {
      result = {
        ...result,
        state: 'attested',
        reason: undefined,
        attestationId: current.id,
        validUntil: earlier(current.expiresAt, revoked.get(current.id)),
      };
    } else if (expired) {
      result = { ...result, reason: 'stale' };
    }
  }

  if (result.state === 'fail' || result.state === 'unknown') {
    const revoked = revocationTimes(
      waivers.flatMap(record =>
        record.kind === 'waiver-revocation'
          ? [{ targetId: record.waiverId, revokedAt: record.revokedAt }]
          : [],
      ),
    );
    const current = longestLasting(
      waivers.filter(
        (record): record is Waiver =>
          record.kind === 'waiver' &&
          record.checkId === raw.checkId &&
          sameScope(record.scope, raw.scope) &&
          inForce(
            record.approvedAt,
            record.expiresAt,
            revoked.get(record.id),
            at,
          ),
      ),
    );
    if (current) {
      result = {
        ...result,
        state: 'waived',
        reason: undefined,
        attestationId: undefined,
        waiverId: current.id,
        validUntil: earlier(current.expiresAt, revoked.get(current.id)),
      };
    }
  }
  return stripUndefined(result);
}

function earlier(expiresAt: string, revokedAt: string | undefined): string {
  return revokedAt !== undefined && time(revokedAt) < time(expiresAt)
    ? revokedAt
    : expiresAt;
}
