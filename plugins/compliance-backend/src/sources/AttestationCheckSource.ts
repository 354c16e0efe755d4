import {
  checkCatalog,
  RawCheckResult,
  scopeKey,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import { canonicalJson, sha256Hex } from '../service/hash';
import { ComplianceStore } from '../store/ComplianceStore';

const attestationChecks = checkCatalog.filter(
  check => check.source === 'attestation',
);

/**
 * Manual attestations, from this plugin's register. No API observes a pen test: every attestation
 * check is reported `unknown` / `no-data` in each configured scope and each scope that has an
 * attestation, and the attestations in force then make it `attested` (expired ones `stale`).
 */
export class AttestationCheckSource implements ComplianceCheckSource {
  readonly id = 'attestations';

  constructor(
    private readonly store: ComplianceStore,
    private readonly scopes: ScopeRef[],
  ) {}

  handles(id: string): boolean {
    return attestationChecks.some(check => check.id === id);
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const register = await this.store.listAttestations({ limit: 100_000 });
    const scopes = new Map(this.scopes.map(scope => [scopeKey(scope), scope]));
    for (const { attestation } of register) {
      scopes.set(scopeKey(attestation.scope), attestation.scope);
    }
    const results: RawCheckResult[] = [...scopes.values()].flatMap(scope =>
      attestationChecks.map(check => ({
        checkId: check.id,
        scope,
        state: 'unknown' as const,
        reason: 'no-data' as const,
        observedAt: now.toISOString(),
        message: `needs an attestation: ${check.evidenceRequired}`,
      })),
    );
    return {
      results,
      snapshots: [
        {
          source: this.id,
          id: `attestations:${register.length}`,
          sha256: sha256Hex(canonicalJson(register)),
          takenAt: now.toISOString(),
        },
      ],
      problems: [],
    };
  }
}
