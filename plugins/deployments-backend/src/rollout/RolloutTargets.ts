import { RolloutConfig } from './config';
import { GitOpsProvider } from './gitops/GitOpsProvider';
import { GitOpsRepository } from './gitops/GitOpsRepository';
import { ArgoRolloutsProvider } from './kubernetes/ArgoRolloutsProvider';
import { BlueGreenServiceProvider } from './kubernetes/BlueGreenServiceProvider';
import { RolloutCluster } from './kubernetes/kubeClients';
import { HealthResult, RolloutProvider } from './RolloutProvider';

/** How long and how often the promoted target is checked before it counts as live. */
export interface HealthWatch {
  minutes: number;
  intervalSeconds: number;
  url?: string;
}

export interface RolloutTarget {
  provider: RolloutProvider;
  healthWatch?: HealthWatch;
}

/** GET the URL: 2xx is healthy; anything else, or no answer within 10 s, is not. */
export async function checkHealthUrl(url: string): Promise<HealthResult> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(10_000),
      redirect: 'manual',
    });
    await response.body?.cancel();
    return response.ok
      ? { status: 'healthy' }
      : {
          status: 'unhealthy',
          reason: `${url} answered HTTP ${response.status}`,
        };
  } catch (error) {
    return {
      status: 'unhealthy',
      reason: `${url} did not answer: ${(error as Error).message}`,
    };
  }
}

/** The rollout of each service in each environment, from `deployments.rollout`. */
export class RolloutTargets {
  static fromConfig(config: RolloutConfig): RolloutTargets {
    const clusters = new Map<string, RolloutCluster>(
      config.clusters.map(c => [c.name, c]),
    );
    const targets = new Map<string, RolloutTarget>();
    for (const t of config.targets) {
      let provider: RolloutProvider;
      if (t.provider === 'gitops') {
        provider = new GitOpsProvider({
          repository: new GitOpsRepository({
            gitDir: t.repository,
            branch: t.branch,
            seedDirectory: t.seedDirectory,
          }),
          file: t.file,
          namespace: t.namespace,
          service: t.service,
        });
      } else if (t.provider === 'argo-rollouts') {
        provider = new ArgoRolloutsProvider({
          cluster: clusters.get(t.cluster)!,
          namespace: t.namespace,
          rollout: t.rollout,
        });
      } else {
        provider = new BlueGreenServiceProvider({
          cluster: clusters.get(t.cluster)!,
          namespace: t.namespace,
          service: t.service,
          deployments: t.deployments ?? {
            blue: `${t.service}-blue`,
            green: `${t.service}-green`,
          },
          colorServices: t.colorServices ?? {
            blue: `${t.service}-blue`,
            green: `${t.service}-green`,
          },
        });
      }
      targets.set(RolloutTargets.key(t.serviceRef, t.environment), {
        provider,
        healthWatch: t.healthWatch,
      });
    }
    return new RolloutTargets(targets);
  }

  private static key(serviceRef: string, environment: string) {
    return `${serviceRef.toLowerCase()}|${environment}`;
  }

  constructor(private readonly targets: Map<string, RolloutTarget>) {}

  /** Prepares every provider; returns the problems (a target that cannot switch yet), in words. */
  async prepare(): Promise<string[]> {
    const problems: string[] = [];
    for (const [key, target] of this.targets) {
      await target.provider.prepare?.().catch((error: Error) => {
        problems.push(`${key.replace('|', ' in ')}: ${error.message}`);
      });
    }
    return problems;
  }

  get(serviceRef: string, environment: string): RolloutTarget | undefined {
    return this.targets.get(RolloutTargets.key(serviceRef, environment));
  }

  /** The health of what was promoted: the configured URL, else the provider's own check. */
  async health(target: RolloutTarget, promoted: string): Promise<HealthResult> {
    if (target.healthWatch?.url) return checkHealthUrl(target.healthWatch.url);
    if (target.provider.checkHealth)
      return target.provider.checkHealth(promoted);
    return {
      status: 'unknown',
      reason: `${target.provider.kind} has no health check of its own: configure healthWatch.url`,
    };
  }
}
