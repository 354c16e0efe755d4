import {
  PatchStrategy,
  setHeaderOptions,
  V1Service,
} from '@kubernetes/client-node';
import type { RolloutStatus } from '@sparki/deployments-common';
import {
  Color,
  colors,
  HealthResult,
  otherColor,
  RolloutChange,
  RolloutOutcome,
  RolloutProvider,
  RolloutRefusedError,
} from '../RolloutProvider';
import { onCluster } from './clusterErrors';
import { createKubeClients, KubeClients, RolloutCluster } from './kubeClients';
import { notRolledOut, readyEndpoints } from './readiness';

/** Annotations the switch writes on the Service: who, when, why, for which request. */
export const switchAnnotations = {
  by: 'sparki.io/switched-by',
  at: 'sparki.io/switched-at',
  reason: 'sparki.io/switched-reason',
  request: 'sparki.io/deployment-request',
  event: 'sparki.io/deployment-event',
} as const;

export interface BlueGreenTarget {
  cluster: RolloutCluster;
  namespace: string;
  /** The Service whose `version` selector picks the live color. */
  service: string;
  /** The Deployment of each color (default `<service>-<color>`). */
  deployments: Record<Color, string>;
  /**
   * The per-color Service whose EndpointSlices show whether a color has ready pods (default
   * `<service>-<color>`): the live Service's slices only show the color it selects now.
   */
  colorServices: Record<Color, string>;
}

/** The active and preview colors of a selector's `version`; anything else is said in `phase`. */
export function colorStatus(
  kind: RolloutStatus['kind'],
  selected: unknown,
): RolloutStatus {
  if (
    typeof selected === 'string' &&
    (colors as readonly string[]).includes(selected)
  ) {
    const active = selected as Color;
    return { kind, activeColor: active, previewColor: otherColor(active) };
  }
  return {
    kind,
    phase: `the Service selects version ${JSON.stringify(
      selected ?? null,
    )}, not blue or green`,
  };
}

function actorName(change: RolloutChange): string {
  return change.actor.kind === 'user'
    ? change.actor.userRef
    : `system:${change.actor.name}`;
}

/**
 * Blue-green through a Service selector: two Deployments labelled `version: blue|green`, one
 * Service selecting the live one. The switch is a merge patch of the selector (guarded by the
 * resourceVersion read), made only when the target color is rolled out and has ready endpoints;
 * the other color keeps running, so a rollback is the same switch back.
 */
export class BlueGreenServiceProvider implements RolloutProvider {
  readonly kind = 'kubernetes-blue-green' as const;

  constructor(private readonly target: BlueGreenTarget) {}

  async promote(change: RolloutChange): Promise<RolloutOutcome> {
    return this.switchTo(change, current => otherColor(current));
  }

  async rollback(change: RolloutChange, to: string): Promise<RolloutOutcome> {
    if (!(colors as readonly string[]).includes(to)) {
      throw new RolloutRefusedError(
        `cannot roll back ${this.target.service} to "${to}": expected blue or green`,
      );
    }
    return this.switchTo(change, () => to as Color);
  }

  async status(): Promise<RolloutStatus> {
    const { cluster, namespace, service } = this.target;
    try {
      const clients = await createKubeClients(cluster, {
        kind: 'system',
        name: 'deployments-status',
      });
      const current = await onCluster(
        cluster.name,
        `reading service ${namespace}/${service}`,
        () => clients.core.readNamespacedService({ name: service, namespace }),
      );
      return colorStatus(this.kind, current.spec?.selector?.version);
    } catch (error) {
      return { kind: this.kind, phase: (error as Error).message };
    }
  }

  async checkHealth(target: string): Promise<HealthResult> {
    const color = target as Color;
    if (!(colors as readonly string[]).includes(target)) {
      return { status: 'unknown', reason: `"${target}" is not a color` };
    }
    const clients = await createKubeClients(this.target.cluster, {
      kind: 'system',
      name: 'deployments-health-watch',
    });
    const problem = await this.notReady(clients, color).catch(
      (error: Error) => ({ unknown: error.message }),
    );
    if (problem === undefined) return { status: 'healthy' };
    if (typeof problem === 'object') {
      return { status: 'unknown', reason: problem.unknown };
    }
    return { status: 'unhealthy', reason: problem };
  }

  private ref() {
    const { cluster, namespace, service } = this.target;
    return `${cluster.name}/${namespace}/service/${service}`;
  }

  /** Why `color` cannot take traffic now, or undefined when it can. */
  private async notReady(
    clients: KubeClients,
    color: Color,
  ): Promise<string | undefined> {
    const { cluster, namespace } = this.target;
    const deploymentName = this.target.deployments[color];
    const deployment = await onCluster(
      cluster.name,
      `reading deployment ${namespace}/${deploymentName}`,
      () =>
        clients.apps.readNamespacedDeployment({
          name: deploymentName,
          namespace,
        }),
    );
    const rollout = notRolledOut(deployment);
    if (rollout) return rollout;
    const colorService = this.target.colorServices[color];
    const slices = await onCluster(
      cluster.name,
      `listing endpoint slices of ${namespace}/${colorService}`,
      () =>
        clients.discovery.listNamespacedEndpointSlice({
          namespace,
          labelSelector: `kubernetes.io/service-name=${colorService}`,
        }),
    );
    if (readyEndpoints(slices.items) === 0) {
      return `${color} has no ready endpoints (EndpointSlices of service ${colorService})`;
    }
    return undefined;
  }

  private async switchTo(
    change: RolloutChange,
    pick: (current: Color) => Color,
  ): Promise<RolloutOutcome> {
    const { cluster, namespace, service } = this.target;
    const clients = await createKubeClients(cluster, change.actor);
    const current: V1Service = await onCluster(
      cluster.name,
      `reading service ${namespace}/${service}`,
      () => clients.core.readNamespacedService({ name: service, namespace }),
    );
    const selected = current.spec?.selector?.version;
    if (!selected || !(colors as readonly string[]).includes(selected)) {
      throw new RolloutRefusedError(
        `service ${namespace}/${service} selects version ${
          selected ? `"${selected}"` : 'nothing'
        }, not blue or green: it is not a blue-green pair`,
      );
    }
    const from = selected as Color;
    const annotations = current.metadata?.annotations ?? {};
    // A retried call of the same request after a switch it could not record: nothing to redo.
    const alreadyDone =
      annotations[switchAnnotations.request] === change.requestId &&
      annotations[switchAnnotations.event] === change.eventId;
    const to = alreadyDone ? from : pick(from);
    const providerRef = {
      provider: this.kind,
      id: `${this.ref()}@${to}`,
    };
    if (to === from) {
      return {
        from: alreadyDone ? otherColor(from) : from,
        to,
        providerRef,
        summary: `${namespace}/${service} already selects ${to}`,
      };
    }
    const problem = await this.notReady(clients, to);
    if (problem) {
      throw new RolloutRefusedError(
        `not switching ${namespace}/${service} to ${to}: ${problem}`,
      );
    }
    await onCluster(
      cluster.name,
      `patching service ${namespace}/${service}`,
      () =>
        clients.core.patchNamespacedService(
          {
            name: service,
            namespace,
            fieldManager: 'sparki-deployments',
            body: {
              metadata: {
                // The API server refuses the patch (409) when someone changed the Service since.
                resourceVersion: current.metadata?.resourceVersion,
                annotations: {
                  [switchAnnotations.by]: actorName(change),
                  [switchAnnotations.at]: change.at.toISOString(),
                  [switchAnnotations.reason]: change.reason,
                  [switchAnnotations.request]: change.requestId,
                  [switchAnnotations.event]: change.eventId,
                },
              },
              spec: { selector: { version: to } },
            },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        ),
    );
    return {
      from,
      to,
      providerRef,
      summary: `${namespace}/${service} on ${cluster.name} switched from ${from} to ${to}`,
    };
  }
}
