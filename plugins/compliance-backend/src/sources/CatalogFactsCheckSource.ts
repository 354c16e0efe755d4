import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkId,
  RawCheckResult,
  RawCheckState,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import {
  parseRunbooksAnnotation,
  RUNBOOKS_ANNOTATION,
  type RunbookList,
} from '@sparki/runbooks-common';
import { canonicalJson, sha256Hex } from '../service/hash';
import { platformResults } from './platformResults';
import { PluginApiClient } from './PluginApiClient';

export const ownershipCheckId = checkId('catalog', 'ownership');
export const runbookCoverageCheckId = checkId('catalog', 'runbook-coverage');

type Verdict = { state: RawCheckState; message: string };

/** The entities the checklist asks an owner of: services and environments. */
const judgedFilter = [
  { kind: 'Component', 'spec.type': 'service' },
  { kind: 'Resource', 'spec.type': 'environment' },
];

/**
 * Catalog facts per entity (`entity:<ref>`): ownership, for every service (Component of type
 * service) and environment (Resource of type environment), passes when `spec.owner` names a
 * Group that exists in the catalog; runbook coverage, for every service, passes when it lists
 * runbooks (`sparki.io/runbooks`) or a runbook applies to it (runbooks `GET /runbooks?entity=`).
 * An unreadable runbooks API makes coverage `unknown`, never a pass; an unreadable catalog fails
 * the whole source (its checks unknown). The platform scopes get each check's worst over the
 * services and environments (see `platformResults`).
 */
export class CatalogFactsCheckSource implements ComplianceCheckSource {
  readonly id = 'catalog';

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly runbooks: PluginApiClient,
    private readonly options: { platformScopes: readonly ScopeRef[] },
  ) {}

  handles(id: string): boolean {
    return id === ownershipCheckId || id === runbookCoverageCheckId;
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    const observedAt = now.toISOString();
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items: judged } = await this.catalog.getEntities(
      {
        filter: judgedFilter,
        fields: ['kind', 'metadata', 'spec.type', 'spec.owner'],
      },
      { credentials },
    );
    const ownerRefs = [
      ...new Set(
        judged.flatMap(entity => {
          const owner = ownerRef(entity);
          return owner ? [owner] : [];
        }),
      ),
    ].sort();
    const { items: owners } = await this.catalog.getEntitiesByRefs(
      { entityRefs: ownerRefs, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    const existingOwners = new Set(
      ownerRefs.filter((_, index) => owners[index] !== undefined),
    );

    const read: Array<{ entity: string; owner?: string; runbooks?: number }> =
      [];
    for (const entity of [...judged].sort(byRef)) {
      const ref = stringifyEntityRef(entity);
      const scope = { kind: 'entity' as const, id: ref };
      const result = (id: string, verdict: Verdict): RawCheckResult => ({
        checkId: id,
        scope,
        observedAt,
        state: verdict.state,
        ...(verdict.state === 'unknown' ? { reason: 'error' as const } : {}),
        message: `${ref}: ${verdict.message}`,
      });
      const owner = ownerRef(entity);
      report.results.push(
        result(
          ownershipCheckId,
          ownershipVerdict(entity, owner, existingOwners),
        ),
      );
      const entry: (typeof read)[number] = {
        entity: ref,
        ...(owner ? { owner } : {}),
      };
      if (entity.kind === 'Component') {
        const coverage = await this.coverageVerdict(entity, ref);
        entry.runbooks = coverage.runbooks;
        if (coverage.problem) {
          report.problems.push({ scope, message: coverage.problem });
        }
        report.results.push(result(runbookCoverageCheckId, coverage.verdict));
      }
      read.push(entry);
    }
    report.results.push(
      ...platformResults(
        report.results,
        this.options.platformScopes,
        observedAt,
      ),
    );
    report.snapshots.push({
      source: this.id,
      id: `catalog:services-and-environments:${observedAt}`,
      sha256: sha256Hex(canonicalJson(read)),
      takenAt: observedAt,
    });
    return report;
  }

  private async coverageVerdict(
    entity: Entity,
    ref: string,
  ): Promise<{ verdict: Verdict; runbooks?: number; problem?: string }> {
    // Invalid entries (neither a runbook id nor a URL) cover nothing.
    const listed = parseRunbooksAnnotation(
      entity.metadata.annotations?.[RUNBOOKS_ANNOTATION],
    ).flatMap(entry => {
      if (entry.kind === 'id') return [entry.id];
      return entry.kind === 'url' ? [entry.url] : [];
    });
    if (listed.length > 0) {
      return {
        runbooks: listed.length,
        verdict: {
          state: 'pass',
          message: `lists runbooks ${listed.join(
            ', ',
          )} (${RUNBOOKS_ANNOTATION})`,
        },
      };
    }
    try {
      const { items } = await this.runbooks.get<RunbookList>('/runbooks', {
        entity: ref,
      });
      return {
        runbooks: items.length,
        verdict:
          items.length > 0
            ? {
                state: 'pass',
                message: `runbooks apply to it: ${items
                  .map(runbook => runbook.id)
                  .join(', ')}`,
              }
            : {
                state: 'fail',
                message: `no runbook: none listed in ${RUNBOOKS_ANNOTATION} and none applies to it`,
              },
      };
    } catch (error) {
      const message = `runbooks API not readable: ${(error as Error).message}`;
      return { verdict: { state: 'unknown', message }, problem: message };
    }
  }
}

function byRef(a: Entity, b: Entity): number {
  return stringifyEntityRef(a) < stringifyEntityRef(b) ? -1 : 1;
}

/** `spec.owner` as a full entity ref (kind defaults to Group, as the catalog reads it). */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function ownershipVerdict(
  entity: Entity,
  owner: string | undefined,
  existingOwners: ReadonlySet<string>,
): Verdict {
  if (!owner) {
    return {
      state: 'fail',
      message:
        typeof entity.spec?.owner === 'string' && entity.spec.owner.trim()
          ? `spec.owner "${entity.spec.owner}" is not an entity ref`
          : 'no spec.owner',
    };
  }
  if (!owner.startsWith('group:')) {
    return {
      state: 'fail',
      message: `owned by ${owner}, not by a group (a team answers for it, not a person)`,
    };
  }
  if (!existingOwners.has(owner)) {
    return {
      state: 'fail',
      message: `owner ${owner} is not a group in the catalog`,
    };
  }
  return { state: 'pass', message: `owned by ${owner}` };
}
