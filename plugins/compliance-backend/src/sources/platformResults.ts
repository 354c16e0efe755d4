import { RawCheckResult, ScopeRef } from '@sparki/compliance-common';

/** Of its parts' states, the one that counts for the platform (the score's rule 1 order). */
const worstFirst: readonly RawCheckResult['state'][] = [
  'fail',
  'unknown',
  'pass',
  'not-applicable',
];

/**
 * The platform's result of each check from its parts' results (its environments, its services):
 * the worst part counts, with how many parts applied and failed. The production-hardening
 * checklist is signed for the platform, where its attestations are (`compliance.attestationScopes`):
 * without these, a control that combines an attestation with a catalog fact, e.g. backups kept
 * (per environment) and a restore attested (for the platform), has data in no scope.
 */
export function platformResults(
  parts: readonly RawCheckResult[],
  platformScopes: readonly ScopeRef[],
  observedAt: string,
): RawCheckResult[] {
  const byCheck = new Map<string, RawCheckResult[]>();
  for (const part of parts) {
    const same = byCheck.get(part.checkId);
    if (same) same.push(part);
    else byCheck.set(part.checkId, [part]);
  }
  return platformScopes.flatMap(scope =>
    [...byCheck].map(([checkId, results]): RawCheckResult => {
      const worst = results.reduce((a, b) =>
        worstFirst.indexOf(b.state) < worstFirst.indexOf(a.state) ? b : a,
      );
      const applicable = results.filter(r => r.state !== 'not-applicable');
      const failing = applicable.filter(r => r.state === 'fail');
      const names = (list: RawCheckResult[]) =>
        list.map(r => r.scope.id).join(', ');
      const messages: Record<RawCheckResult['state'], string> = {
        fail: `${failing.length} of ${applicable.length} fail: ${names(
          failing,
        )}`,
        unknown: `not known for ${names(
          applicable.filter(r => r.state === 'unknown'),
        )}`,
        pass: `all ${applicable.length} pass: ${names(applicable)}`,
        'not-applicable': `applies to none of ${names(results)}`,
      };
      return {
        checkId,
        scope,
        state: worst.state,
        ...(worst.reason ? { reason: worst.reason } : {}),
        observedAt,
        population: { applicable: applicable.length, failing: failing.length },
        message: messages[worst.state],
      };
    }),
  );
}
