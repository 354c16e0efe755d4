import {
  PatchStrategy,
  setHeaderOptions,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { RolloutStatus } from '@sparki/deployments-common';
import {
  HealthResult,
  RolloutChange,
  RolloutOutcome,
  RolloutProvider,
  RolloutRefusedError,
} from '../RolloutProvider';
import { switchAnnotations } from './BlueGreenServiceProvider';
import { onCluster } from './clusterErrors';
import { createKubeClients, KubeClients, RolloutCluster } from './kubeClients';

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'rollouts';
const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
const POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';

/** The fields of an Argo Rollout this provider reads. */
interface Rollout {
  metadata: {
    name: string;
    uid?: string;
    annotations?: Record<string, string>;
  };
  spec: {
    paused?: boolean;
    template?: { metadata?: { labels?: Record<string, string> } };
    strategy?: { canary?: { steps?: unknown[] }; blueGreen?: unknown };
  };
  status?: {
    abort?: boolean;
    phase?: string;
    message?: string;
    pauseConditions?: unknown[];
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
  };
}

export interface ArgoRolloutTarget {
  cluster: RolloutCluster;
  namespace: string;
  rollout: string;
}

function isNotFound(error: unknown) {
  return (error as { code?: number }).code === 404;
}

/**
 * Argo Rollouts, patched as the `kubectl argo rollouts` plugin patches them: promote clears the
 * pause conditions (status subresource) and unpauses the spec; abort and retry set `status.abort`;
 * undo restores the previous revision's pod template. An aborted rollout is never promoted: it
 * must be retried first, by a person who means it.
 */
export class ArgoRolloutsProvider implements RolloutProvider {
  readonly kind = 'argo-rollouts' as const;

  constructor(private readonly target: ArgoRolloutTarget) {}

  private get where() {
    const { cluster, namespace, rollout } = this.target;
    return `${cluster.name}/${namespace}/rollout/${rollout}`;
  }

  private async read(clients: KubeClients): Promise<Rollout> {
    const { cluster, namespace, rollout } = this.target;
    return onCluster(
      cluster.name,
      `reading rollout ${namespace}/${rollout}`,
      () =>
        clients.custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          name: rollout,
        }),
    );
  }

  /** A merge patch of the object, or of its status subresource (falling back as the plugin does). */
  private async patch(
    clients: KubeClients,
    body: object,
    options: { status?: boolean; strategy?: string } = {},
  ) {
    const { cluster, namespace, rollout } = this.target;
    const headers = setHeaderOptions(
      'Content-Type',
      options.strategy ?? PatchStrategy.MergePatch,
    );
    const params = {
      group: GROUP,
      version: VERSION,
      namespace,
      plural: PLURAL,
      name: rollout,
      body,
      fieldManager: 'sparki-deployments',
    };
    const what = `patching rollout ${namespace}/${rollout}${
      options.status ? ' status' : ''
    }`;
    if (!options.status) {
      return onCluster(cluster.name, what, () =>
        clients.custom.patchNamespacedCustomObject(params, headers),
      );
    }
    // Rollouts before v0.10 have no status subresource: the plugin then patches the object.
    return onCluster(cluster.name, what, () =>
      clients.custom
        .patchNamespacedCustomObjectStatus(params, headers)
        .catch(error => {
          if (!isNotFound(error)) throw error;
          return clients.custom.patchNamespacedCustomObject(params, headers);
        }),
    );
  }

  private annotations(change: RolloutChange) {
    return {
      metadata: {
        annotations: {
          [switchAnnotations.by]:
            change.actor.kind === 'user'
              ? change.actor.userRef
              : `system:${change.actor.name}`,
          [switchAnnotations.at]: change.at.toISOString(),
          [switchAnnotations.reason]: change.reason,
          [switchAnnotations.request]: change.requestId,
          [switchAnnotations.event]: change.eventId,
        },
      },
    };
  }

  async promote(change: RolloutChange): Promise<RolloutOutcome> {
    const clients = await createKubeClients(this.target.cluster, change.actor);
    const rollout = await this.read(clients);
    const status = rollout.status ?? {};
    if (status.abort) {
      throw new RolloutRefusedError(
        `rollout ${this.where} is aborted${
          status.message ? ` (${status.message})` : ''
        }: retry it before promoting`,
      );
    }
    const from = status.stableRS ?? 'unknown';
    const to = status.currentPodHash ?? 'unknown';
    if (
      rollout.metadata.annotations?.[switchAnnotations.event] === change.eventId
    ) {
      return this.outcome(
        from,
        to,
        `rollout ${this.where} was already promoted`,
      );
    }
    let statusPatch: object | undefined;
    if ((status.pauseConditions ?? []).length > 0) {
      statusPatch = { status: { pauseConditions: null } };
    } else if ((rollout.spec.strategy?.canary?.steps ?? []).length > 0) {
      // Promoting mid-analysis moves to the next step, as the plugin does.
      const steps = rollout.spec.strategy!.canary!.steps!.length;
      const index = status.currentStepIndex ?? 0;
      statusPatch = {
        status: {
          pauseConditions: null,
          currentStepIndex: index < steps ? index + 1 : index,
        },
      };
    }
    if (!statusPatch && !rollout.spec.paused) {
      throw new RolloutRefusedError(
        `rollout ${this.where} is not paused: nothing to promote`,
      );
    }
    if (statusPatch) await this.patch(clients, statusPatch, { status: true });
    await this.patch(clients, {
      ...this.annotations(change),
      ...(rollout.spec.paused ? { spec: { paused: false } } : {}),
    });
    return this.outcome(
      from,
      to,
      `rollout ${this.where} promoted from ${from} to ${to}`,
    );
  }

  /**
   * Stops a rollout that is still progressing (abort: the stable ReplicaSet takes all traffic), or
   * restores the previous revision of one fully promoted (undo).
   */
  async rollback(change: RolloutChange, to: string): Promise<RolloutOutcome> {
    const clients = await createKubeClients(this.target.cluster, change.actor);
    const rollout = await this.read(clients);
    const status = rollout.status ?? {};
    const current = status.currentPodHash ?? 'unknown';
    if (status.currentPodHash && status.currentPodHash !== status.stableRS) {
      await this.patch(clients, { status: { abort: true } }, { status: true });
      await this.patch(clients, this.annotations(change));
      return this.outcome(
        current,
        status.stableRS ?? to,
        `rollout ${this.where} aborted: ${
          status.stableRS ?? to
        } serves all traffic`,
      );
    }
    return this.undo(change, clients, rollout);
  }

  /**
   * `kubectl argo rollouts abort`: only a rollout still in progress (its current pods are not the
   * stable ones); a finished one has nothing to abort and is undone by a rollback instead.
   */
  async abort(change: RolloutChange): Promise<RolloutOutcome> {
    const clients = await createKubeClients(this.target.cluster, change.actor);
    const rollout = await this.read(clients);
    const status = rollout.status ?? {};
    if (!status.currentPodHash || status.currentPodHash === status.stableRS) {
      throw new RolloutRefusedError(
        `rollout ${this.where} is not in progress: nothing to abort (roll back instead)`,
      );
    }
    const stable = status.stableRS ?? 'unknown';
    // A retried call finds its own abort: not redone.
    if (
      status.abort &&
      rollout.metadata.annotations?.[switchAnnotations.event] === change.eventId
    ) {
      return this.outcome(
        status.currentPodHash,
        stable,
        `rollout ${this.where} was already aborted`,
      );
    }
    await this.patch(clients, { status: { abort: true } }, { status: true });
    await this.patch(clients, this.annotations(change));
    return this.outcome(
      status.currentPodHash,
      stable,
      `rollout ${this.where} aborted: ${stable} serves all traffic`,
    );
  }

  /**
   * `kubectl argo rollouts retry rollout`: leaves the aborted state and tries the new version
   * again. Only an aborted rollout: anything else has nothing to retry.
   */
  async retry(change: RolloutChange): Promise<RolloutOutcome> {
    const clients = await createKubeClients(this.target.cluster, change.actor);
    const rollout = await this.read(clients);
    const status = rollout.status ?? {};
    const stable = status.stableRS ?? 'unknown';
    const current = status.currentPodHash ?? 'unknown';
    if (!status.abort) {
      // A retried call finds its own retry: not redone.
      if (
        rollout.metadata.annotations?.[switchAnnotations.event] ===
        change.eventId
      ) {
        return this.outcome(
          stable,
          current,
          `rollout ${this.where} was already retried`,
        );
      }
      throw new RolloutRefusedError(
        `rollout ${this.where} is not aborted: nothing to retry`,
      );
    }
    await this.patch(clients, { status: { abort: false } }, { status: true });
    await this.patch(clients, this.annotations(change));
    return this.outcome(
      stable,
      current,
      `rollout ${this.where} retried: ${current} rolls out again`,
    );
  }

  /** `kubectl argo rollouts undo`: the previous revision's pod template, without its hash label. */
  async undo(
    change: RolloutChange,
    clients?: KubeClients,
    known?: Rollout,
  ): Promise<RolloutOutcome> {
    const kube =
      clients ?? (await createKubeClients(this.target.cluster, change.actor));
    const rollout = known ?? (await this.read(kube));
    const { cluster, namespace } = this.target;
    const replicaSets = await onCluster(
      cluster.name,
      `listing replica sets in ${namespace}`,
      () => kube.apps.listNamespacedReplicaSet({ namespace }),
    );
    const revisionOf = (rs: V1ReplicaSet) =>
      Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
    const owned = replicaSets.items
      .filter(rs =>
        rs.metadata?.ownerReferences?.some(
          ref =>
            ref.kind === 'Rollout' &&
            ref.controller === true &&
            (rollout.metadata.uid
              ? ref.uid === rollout.metadata.uid
              : ref.name === rollout.metadata.name),
        ),
      )
      .sort((a, b) => revisionOf(b) - revisionOf(a));
    const [latest, previous] = owned;
    if (!previous?.spec?.template) {
      throw new RolloutRefusedError(
        `rollout ${this.where} has no previous revision to undo to`,
      );
    }
    const template = structuredClone(previous.spec.template);
    delete template.metadata?.labels?.[POD_TEMPLATE_HASH];
    await this.patch(
      kube,
      [{ op: 'replace', path: '/spec/template', value: template }],
      { strategy: PatchStrategy.JsonPatch },
    );
    await this.patch(kube, this.annotations(change));
    const from =
      latest.metadata?.labels?.[POD_TEMPLATE_HASH] ??
      `revision ${revisionOf(latest)}`;
    const to =
      previous.metadata?.labels?.[POD_TEMPLATE_HASH] ??
      `revision ${revisionOf(previous)}`;
    return this.outcome(
      from,
      to,
      `rollout ${this.where} restored revision ${revisionOf(previous)} (${to})`,
    );
  }

  async status(): Promise<RolloutStatus> {
    try {
      const clients = await createKubeClients(this.target.cluster, {
        kind: 'system',
        name: 'deployments-status',
      });
      const status = (await this.read(clients)).status ?? {};
      return {
        kind: this.kind,
        phase: status.abort ? 'Aborted' : status.phase ?? 'unknown',
      };
    } catch (error) {
      return { kind: this.kind, phase: (error as Error).message };
    }
  }

  async checkHealth(): Promise<HealthResult> {
    try {
      const clients = await createKubeClients(this.target.cluster, {
        kind: 'system',
        name: 'deployments-health-watch',
      });
      const status = (await this.read(clients)).status ?? {};
      if (status.phase === 'Healthy') return { status: 'healthy' };
      if (status.phase === 'Degraded' || status.abort) {
        return {
          status: 'unhealthy',
          reason: `rollout ${this.where} is ${status.phase ?? 'aborted'}${
            status.message ? `: ${status.message}` : ''
          }`,
        };
      }
      return {
        status: 'unknown',
        reason: `rollout ${this.where} is ${status.phase ?? 'without a phase'}`,
      };
    } catch (error) {
      return { status: 'unknown', reason: (error as Error).message };
    }
  }

  private outcome(from: string, to: string, summary: string): RolloutOutcome {
    return {
      from,
      to,
      providerRef: { provider: this.kind, id: `${this.where}@${to}` },
      summary,
    };
  }
}
