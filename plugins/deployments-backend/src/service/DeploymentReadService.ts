import { NotFoundError } from '@backstage/errors';
import type {
  DeploymentHistoryResponse,
  DeploymentRequest,
  DeploymentRequestSummary,
  DeploymentState,
  PolicyFacts,
  RolloutStatus,
  ServiceEnvironment,
  ServiceEnvironmentsResponse,
} from '@sparki/deployments-common';
import type { Entity } from '@backstage/catalog-model';
import { DeploymentStore } from '../store/DeploymentStore';

/**
 * The promotion order of the platform's tiers (the `sparki.io/tier` of its environment
 * Resources). Other environments follow, by name.
 */
export const PROMOTION_ORDER = ['dev', 'staging', 'prod'];

/** Requests on their way to an environment: not yet live, failed or decided against. */
export const PENDING_STATES: DeploymentState[] = [
  'requested',
  'awaiting-approval',
  'approved',
  'deploying',
  'preview-ready',
  'promoted',
];

/** How many pending requests per service are shown (a service rarely has more than a few). */
const MAX_PENDING = 100;

/** The newest rolled-back requests of a service read to name what each environment took off. */
const MAX_ROLLED_BACK = 50;

/** What the read side needs of the catalog. */
export interface ServiceCatalog {
  entity(entityRef: string): Promise<Entity | undefined>;
  environmentsOf(service: Entity): Promise<string[]>;
}

function byPromotionOrder(a: string, b: string): number {
  const rank = (name: string) => {
    const index = PROMOTION_ORDER.indexOf(name);
    return index === -1 ? PROMOTION_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

function summarize(request: DeploymentRequest): DeploymentRequestSummary {
  return {
    id: request.id,
    serviceRef: request.serviceRef,
    environment: request.environment,
    version: request.version,
    requester: request.requester,
    reason: request.reason,
    state: request.state,
    approvedBy: request.approvals.map(approval => approval.userRef),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
  };
}

/** The request rolled back last in `environment`, with who rolled it back and when. */
function latestRollback(
  rolledBack: DeploymentRequest[],
  environment: string,
): ServiceEnvironment['rolledBack'] {
  let latest: ServiceEnvironment['rolledBack'];
  for (const request of rolledBack) {
    if (request.environment !== environment) continue;
    const decision = request.decisions.findLast(d => d.to === 'rolled-back');
    if (!decision || (latest && latest.at >= decision.at)) continue;
    latest = {
      requestId: request.id,
      version: request.version,
      at: decision.at,
      by: decision.by,
    };
  }
  return latest;
}

/**
 * What runs where and what happened: a service's environments in promotion order with the live
 * version and the pending requests of each, and the history of decisions. All of it is derived
 * from the stored decisions, so every replica answers the same.
 */
export class DeploymentReadService {
  constructor(
    private readonly options: {
      store: DeploymentStore;
      catalog: ServiceCatalog;
      /** Environments with a policy (config); they are shown even before a first deploy. */
      configuredEnvironments: string[];
      /** What serves traffic where a rollout is configured (deployments.rollout). */
      rolloutStatus?: (
        serviceRef: string,
        environment: string,
      ) => Promise<RolloutStatus | undefined>;
    },
  ) {}

  /** The environment names of a service in promotion order. */
  private ordered(related: string[], ...known: string[][]): string[] {
    return [
      ...new Set([
        ...related,
        ...this.options.configuredEnvironments,
        ...known.flat(),
      ]),
    ].sort(byPromotionOrder);
  }

  async environments(serviceRef: string): Promise<ServiceEnvironmentsResponse> {
    const { store, catalog } = this.options;
    const service = await catalog.entity(serviceRef);
    if (!service) throw new NotFoundError(`no catalog entity ${serviceRef}`);
    const [related, live, pending, rolledBack] = await Promise.all([
      catalog.environmentsOf(service),
      store.liveVersions(serviceRef),
      store.list({ serviceRef, states: PENDING_STATES, limit: MAX_PENDING }),
      store.list({
        serviceRef,
        states: ['rolled-back'],
        limit: MAX_ROLLED_BACK,
      }),
    ]);
    const environments: ServiceEnvironment[] = this.ordered(
      related,
      live.map(l => l.environment),
      pending.map(p => p.environment),
    ).map((name, order) => {
      const current = live.find(l => l.environment === name);
      const takenOff = current ? undefined : latestRollback(rolledBack, name);
      return {
        name,
        order,
        ...(current
          ? {
              live: {
                requestId: current.requestId,
                version: current.version,
                since: current.since,
              },
            }
          : {}),
        ...(takenOff ? { rolledBack: takenOff } : {}),
        pending: pending.filter(p => p.environment === name).map(summarize),
      };
    });
    const { rolloutStatus } = this.options;
    if (rolloutStatus) {
      const statuses = await Promise.all(
        environments.map(e => rolloutStatus(serviceRef, e.name)),
      );
      environments.forEach((environment, index) => {
        if (statuses[index]) environment.rollout = statuses[index];
      });
    }
    return { environments };
  }

  /**
   * What is live in the environment before `environment` in the service's promotion order (for
   * the bake-time rule); undefined when there is no such environment, nothing live there, or the
   * catalog does not know the service.
   */
  async previousEnvironmentLive(
    serviceRef: string,
    environment: string,
  ): Promise<PolicyFacts['previousEnvironmentLive']> {
    const { store, catalog } = this.options;
    const service = await catalog.entity(serviceRef);
    if (!service) return undefined;
    const [related, live] = await Promise.all([
      catalog.environmentsOf(service),
      store.liveVersions(serviceRef),
    ]);
    const names = this.ordered(
      related,
      live.map(l => l.environment),
      [environment],
    );
    const previous = names[names.indexOf(environment) - 1];
    const current = live.find(l => l.environment === previous);
    return current
      ? {
          environment: previous,
          version: current.version,
          since: current.since,
        }
      : undefined;
  }

  async history(filter: {
    serviceRef?: string;
    environment?: string;
    limit: number;
    before?: number;
  }): Promise<DeploymentHistoryResponse> {
    const page = await this.options.store.history({
      serviceRef: filter.serviceRef,
      environment: filter.environment,
      limit: filter.limit,
      beforeSeq: filter.before,
    });
    return {
      items: page.items,
      ...(page.nextBefore !== undefined
        ? { nextBefore: String(page.nextBefore) }
        : {}),
    };
  }
}
