import {
  CheckResource,
  checkId,
  RawCheckResult,
  scopeKey,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckResourceQuery,
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import type {
  Actor,
  Approval,
  Decision,
  DeploymentRequest,
} from '@sparki/deployments-common';
import { canonicalJson, sha256Hex } from '../service/hash';
import { platformResults } from './platformResults';
import { PluginApiClient } from './PluginApiClient';

export const approvedChangesCheckId = checkId('deploy', 'approved-changes');
export const rollbackExercisedCheckId = checkId('deploy', 'rollback-exercised');

const day = 24 * 60 * 60 * 1000;
/** The largest page `GET /requests` serves. */
const PAGE_SIZE = 500;

/** `compliance.deploy`. */
export interface DeployRecordsOptions {
  /** The prod tier: environment names as the deployments backend names them. */
  prodEnvironments: string[];
  /** Prod deploys of this many days must have come through approved requests. */
  approvedChangesDays: number;
  /** A prod rollback must have completed within this many days. */
  rollbackDays: number;
}

export interface DeployRecordsSourceOptions extends DeployRecordsOptions {
  /** Where the platform-wide results are reported: the scopes the checklist is judged in. */
  platformScopes: readonly ScopeRef[];
  /** The clock of resource listings (collections get theirs from the service). */
  now?: () => Date;
}

/** A prod deploy of the approved-changes period and what its record shows. */
export interface JudgedDeploy {
  request: DeploymentRequest;
  /** When it first took prod traffic: its first `promote` or `live` decision. */
  wentLiveAt: string;
  /** The decision that moved it to `approved`, when there is one before the deploy started. */
  approvedBy?: Decision;
  /** The approvals of people other than the requester and the commit author. */
  approvals: Approval[];
  /** Why it does not count as an approved change; absent when it does. */
  problem?: string;
}

/** A rollback that switched prod traffic back from a version that had served it. */
export interface JudgedRollback {
  request: DeploymentRequest;
  rollback: Decision;
}

export interface ServiceJudgement {
  serviceRef: string;
  /** Prod deploys of the approved-changes period, oldest first. */
  deploys: JudgedDeploy[];
  /** Whether a deploy went to prod in the rollback period (the rollback check applies). */
  deployedInRollbackPeriod: boolean;
  /** Rollbacks of the rollback period, newest first. */
  rollbacks: JudgedRollback[];
  /** Rollbacks of the period that switched no prod traffic back (a preview never promoted). */
  previewRollbacks: number;
}

/** Decisions that put a version in front of prod traffic: the switch, or a rolling deploy's end. */
const tookTraffic = (decision: Decision) =>
  decision.to === 'promoted' || decision.to === 'live';

function actorText(actor: Actor): string {
  if (actor.kind === 'user') return actor.userRef;
  if (actor.kind === 'pipeline') return `pipeline ${actor.identity}`;
  return `${actor.name} (automated)`;
}

function requesterText(requester: DeploymentRequest['requester']): string {
  const who =
    requester.kind === 'user'
      ? requester.userRef
      : `pipeline ${requester.identity}`;
  return requester.commitAuthor
    ? `${who} (commit by ${requester.commitAuthor})`
    : who;
}

function requesterRefs(request: DeploymentRequest): string[] {
  const { requester } = request;
  return [
    ...(requester.kind === 'user' ? [requester.userRef] : []),
    ...(requester.commitAuthor ? [requester.commitAuthor] : []),
  ];
}

/**
 * Whether a prod deploy came through a request approved by someone other than who asked for it:
 * a decision moved it to `approved` before its deploy started, and at least one approval of it is
 * by a person who is neither its requester nor its commit author (the policy refuses those; the
 * record is checked anyway). A request approved on submit with no approval (a policy asking for
 * none) is not a reviewed change.
 */
function judgeDeploy(
  request: DeploymentRequest,
  wentLiveAt: string,
): JudgedDeploy {
  const { decisions } = request;
  const started = decisions.findIndex(
    d => d.event === 'start-deploy' || tookTraffic(d),
  );
  const approvedIndex = decisions.findIndex(d => d.to === 'approved');
  const approvedBy =
    approvedIndex !== -1 && approvedIndex < started
      ? decisions[approvedIndex]
      : undefined;
  const own = new Set(requesterRefs(request));
  const selfApprovals = request.approvals.filter(a => own.has(a.userRef));
  const approvals = request.approvals.filter(a => !own.has(a.userRef));
  const judged = { request, wentLiveAt, approvals };
  if (!approvedBy) {
    return {
      ...judged,
      problem: 'went to prod without being approved first',
    };
  }
  if (selfApprovals.length > 0) {
    return {
      ...judged,
      approvedBy,
      problem: `approved by its requester or commit author ${selfApprovals
        .map(a => a.userRef)
        .join(', ')}`,
    };
  }
  if (approvals.length === 0) {
    return {
      ...judged,
      approvedBy,
      problem: `approved on ${approvedBy.event} with no approval by another person (the ${request.environment} policy asked for none)`,
    };
  }
  return { ...judged, approvedBy };
}

/**
 * The deploy checks' view of each service, from its prod requests: the deploys that took prod
 * traffic in the approved-changes period, judged one by one, and the rollbacks of the rollback
 * period that switched prod traffic back (manual or by the health watch). A rollback counts only
 * when the rolled-back version had served prod (promoted or live before it was rolled back).
 */
export function judgeDeployRecords(
  requests: readonly DeploymentRequest[],
  options: Pick<DeployRecordsOptions, 'approvedChangesDays' | 'rollbackDays'>,
  now: Date,
): ServiceJudgement[] {
  const approvedSince = new Date(
    now.getTime() - options.approvedChangesDays * day,
  ).toISOString();
  const rollbackSince = new Date(
    now.getTime() - options.rollbackDays * day,
  ).toISOString();
  const byService = new Map<string, ServiceJudgement>();
  const sorted = [...requests].sort((a, b) => compare(a.id, b.id));
  for (const request of sorted) {
    const live = request.decisions.filter(tookTraffic);
    const rollback = request.decisions.find(
      d => d.event === 'rollback' && d.to === 'rolled-back',
    );
    const inPeriod = (since: string) =>
      live.some(d => d.at >= since && d.at <= now.toISOString());
    const service = byService.get(request.serviceRef) ?? {
      serviceRef: request.serviceRef,
      deploys: [],
      deployedInRollbackPeriod: false,
      rollbacks: [],
      previewRollbacks: 0,
    };
    byService.set(request.serviceRef, service);
    if (inPeriod(approvedSince)) {
      service.deploys.push(judgeDeploy(request, live[0].at));
    }
    if (inPeriod(rollbackSince)) service.deployedInRollbackPeriod = true;
    if (rollback && rollback.at >= rollbackSince) {
      if (live.some(d => d.at <= rollback.at)) {
        service.rollbacks.push({ request, rollback });
      } else {
        service.previewRollbacks += 1;
      }
    }
  }
  for (const service of byService.values()) {
    service.deploys.sort(
      (a, b) =>
        compare(a.wentLiveAt, b.wentLiveAt) ||
        compare(a.request.id, b.request.id),
    );
    service.rollbacks.sort((a, b) => compare(b.rollback.at, a.rollback.at));
  }
  return [...byService.values()].sort((a, b) =>
    compare(a.serviceRef, b.serviceRef),
  );
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function versionText(request: DeploymentRequest): string {
  const { commitSha, tag } = request.version;
  return tag ? `${tag} (${commitSha})` : commitSha;
}

/** One deploy as evidence: which request, what, who asked, who approved when, under which policy. */
function deployEvidence(deploy: JudgedDeploy): string {
  const { request, approvedBy } = deploy;
  const parts = [
    `${request.id} ${versionText(request)} to ${request.environment} at ${
      deploy.wentLiveAt
    }`,
    `requested by ${requesterText(request.requester)}`,
  ];
  if (approvedBy) {
    parts.push(
      `approved ${approvedBy.at} (${
        deploy.approvals.length > 0
          ? `by ${deploy.approvals.map(a => a.userRef).join(', ')}`
          : 'by nobody'
      }; policy ${approvedBy.policyHash})`,
    );
  }
  for (const override of request.overrides) {
    parts.push(
      `override ${override.kind} by ${override.by} at ${override.at}: ${override.reason}`,
    );
  }
  if (deploy.problem) parts.push(`NOT APPROVED: ${deploy.problem}`);
  return parts.join(', ');
}

function rollbackEvidence({ request, rollback }: JudgedRollback): string {
  return `${request.id} ${versionText(request)} in ${
    request.environment
  } rolled back at ${rollback.at} by ${actorText(rollback.by)}${
    rollback.comment ? `: ${rollback.comment}` : ''
  }`;
}

type Verdict = Pick<
  RawCheckResult,
  'state' | 'reason' | 'message' | 'population'
>;

function approvedChangesVerdict(
  service: ServiceJudgement,
  options: DeployRecordsOptions,
): Verdict {
  const { deploys } = service;
  const period = `in the last ${options.approvedChangesDays} days`;
  if (deploys.length === 0) {
    return {
      state: 'not-applicable',
      message: `no deploy went to ${options.prodEnvironments.join(
        ', ',
      )} ${period}`,
    };
  }
  const offending = deploys.filter(d => d.problem);
  const population = {
    applicable: deploys.length,
    failing: offending.length,
  };
  if (offending.length > 0) {
    return {
      state: 'fail',
      population,
      message: `${offending.length} of ${
        deploys.length
      } prod deploys ${period} did not come through a request approved by another person: ${offending
        .map(d => `${d.request.id} (${d.problem})`)
        .join('; ')}`,
    };
  }
  return {
    state: 'pass',
    population,
    message: `all ${
      deploys.length
    } prod deploys ${period} came through approved requests: ${deploys
      .map(deployEvidence)
      .join('; ')}`,
  };
}

function rollbackVerdict(
  service: ServiceJudgement,
  options: DeployRecordsOptions,
): Verdict {
  const period = `in the last ${options.rollbackDays} days`;
  if (service.rollbacks.length > 0) {
    return {
      state: 'pass',
      message: `${
        service.rollbacks.length
      } prod rollbacks ${period}: ${service.rollbacks
        .map(rollbackEvidence)
        .join('; ')}`,
    };
  }
  if (!service.deployedInRollbackPeriod) {
    return {
      state: 'not-applicable',
      message: `no deploy went to ${options.prodEnvironments.join(
        ', ',
      )} ${period}`,
    };
  }
  const previews =
    service.previewRollbacks > 0
      ? ` (${service.previewRollbacks} rollbacks of previews that never took prod traffic do not count)`
      : '';
  return {
    state: 'fail',
    message: `no rollback in ${options.rollbackDays} days: no prod deploy was rolled back after it took traffic${previews}`,
  };
}

/**
 * The deploy-record checks of the production-hardening checklist, from the deployments
 * backend's requests (`GET /requests?environment=&updatedSince=`, every prod-tier environment,
 * service token): per service entity, "approved changes" (every prod deploy of the period came
 * through a request approved by another person; overrides listed) and "rollback exercised" (a
 * prod rollback completed within its period). Services without prod deploys in the period are
 * `not-applicable`; an unreadable deployments backend makes both `unknown`, never a pass. The
 * platform scopes get the worst service (see `platformResults`).
 */
export class DeployRecordsCheckSource implements ComplianceCheckSource {
  readonly id = 'deploy';

  constructor(
    private readonly api: PluginApiClient,
    private readonly options: DeployRecordsSourceOptions,
  ) {}

  handles(id: string): boolean {
    return id === approvedChangesCheckId || id === rollbackExercisedCheckId;
  }

  /** Every request of the prod tier decided on within the longer of the two periods. */
  private async readRequests(
    now: Date,
    onBehalfOf?: CheckResourceQuery['credentials'],
  ): Promise<{ since: string; requests: DeploymentRequest[] }> {
    const { approvedChangesDays, rollbackDays, prodEnvironments } =
      this.options;
    const since = new Date(
      now.getTime() - Math.max(approvedChangesDays, rollbackDays) * day,
    ).toISOString();
    const requests: DeploymentRequest[] = [];
    for (const environment of prodEnvironments) {
      let after: string | undefined;
      do {
        const page = await this.api.get<{
          items: DeploymentRequest[];
          nextAfter?: string;
        }>(
          '/requests',
          { environment, updatedSince: since, limit: PAGE_SIZE, after },
          onBehalfOf,
        );
        requests.push(...page.items);
        after = page.nextAfter;
      } while (after);
    }
    return { since, requests };
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    const observedAt = now.toISOString();
    const { platformScopes } = this.options;
    const checks = [approvedChangesCheckId, rollbackExercisedCheckId];

    let read: Awaited<ReturnType<DeployRecordsCheckSource['readRequests']>>;
    try {
      read = await this.readRequests(now);
    } catch (error) {
      const message = `deployments API not readable: ${
        (error as Error).message
      }`;
      report.problems.push({ message });
      report.results = platformScopes.flatMap(scope =>
        checks.map(id => ({
          checkId: id,
          scope,
          observedAt,
          state: 'unknown' as const,
          reason: 'error' as const,
          message,
        })),
      );
      return report;
    }

    const services = judgeDeployRecords(read.requests, this.options, now);
    for (const service of services) {
      const scope = { kind: 'entity' as const, id: service.serviceRef };
      report.results.push(
        {
          checkId: approvedChangesCheckId,
          scope,
          observedAt,
          ...approvedChangesVerdict(service, this.options),
        },
        {
          checkId: rollbackExercisedCheckId,
          scope,
          observedAt,
          ...rollbackVerdict(service, this.options),
        },
      );
    }
    if (services.length > 0) {
      report.results.push(
        ...platformResults(report.results, platformScopes, observedAt),
      );
    } else {
      const message = `no request to ${this.options.prodEnvironments.join(
        ', ',
      )} was decided on since ${read.since}`;
      report.results.push(
        ...platformScopes.flatMap(scope =>
          checks.map(id => ({
            checkId: id,
            scope,
            observedAt,
            state: 'not-applicable' as const,
            message,
          })),
        ),
      );
    }
    report.snapshots.push({
      source: this.id,
      id: `deploy:requests:${this.options.prodEnvironments.join(',')}:since:${
        read.since
      }`,
      sha256: sha256Hex(
        canonicalJson([...read.requests].sort((a, b) => compare(a.id, b.id))),
      ),
      takenAt: observedAt,
    });
    return report;
  }

  /**
   * The prod deploys that did not come through an approved request (approved changes), read as
   * the caller, in request id order: the service's own in its scope, every service's in a
   * platform scope. "Rollback exercised" fails for a missing event, so it lists no object.
   */
  async listResources(query: CheckResourceQuery) {
    if (query.checkId !== approvedChangesCheckId) return { items: [] };
    const platform = this.options.platformScopes.some(
      scope => scopeKey(scope) === scopeKey(query.scope),
    );
    if (!platform && query.scope.kind !== 'entity') return { items: [] };
    const now = this.options.now?.() ?? new Date();
    const { requests } = await this.readRequests(now, query.credentials);
    const offending = judgeDeployRecords(requests, this.options, now)
      .filter(service => platform || service.serviceRef === query.scope.id)
      .flatMap(service => service.deploys.filter(d => d.problem))
      .sort((a, b) => compare(a.request.id, b.request.id));
    const after = query.cursor
      ? offending.filter(d => d.request.id > query.cursor!)
      : offending;
    const page = after.slice(0, query.limit);
    return {
      items: page.map(
        (deploy): CheckResource => ({
          kind: 'DeploymentRequest',
          name: deploy.request.id,
          state: 'fail',
          message: deployEvidence(deploy),
          evidence: {
            serviceRef: deploy.request.serviceRef,
            environment: deploy.request.environment,
            version: deploy.request.version,
            requester: deploy.request.requester,
            wentLiveAt: deploy.wentLiveAt,
            approvals: deploy.request.approvals,
            overrides: deploy.request.overrides,
            decisions: deploy.request.decisions,
          },
          ref: { source: 'deploy', id: deploy.request.id },
        }),
      ),
      ...(after.length > page.length
        ? { nextCursor: page[page.length - 1].request.id }
        : {}),
    };
  }
}
