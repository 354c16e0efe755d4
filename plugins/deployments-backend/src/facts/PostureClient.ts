import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { PostureSnapshotFacts } from '@sparki/deployments-common';

type ClusterStatus = {
  name: string;
  latestSnapshot?: {
    id: number;
    collectedAt: string;
    partial: boolean;
    score: number | null;
  };
};
type SnapshotResult = { controlId: string; status: string };
type CatalogControl = { id: string; severity: string };

/**
 * The target cluster's latest posture snapshot, from the security-posture backend's API
 * (`/clusters`, `/snapshots/{id}`, `/controls`). Unreachable or without data means no facts:
 * the posture gate is then `unknown`, which never passes.
 */
export class PostureClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('security-posture');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'security-posture',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}`);
    }
    return (await response.json()) as T;
  }

  async latestSnapshot(
    cluster: string,
  ): Promise<PostureSnapshotFacts | undefined> {
    try {
      const { items } = await this.get<{ items: ClusterStatus[] }>('/clusters');
      const latest = items.find(item => item.name === cluster)?.latestSnapshot;
      if (!latest) return undefined;
      const [snapshot, controls] = await Promise.all([
        this.get<{ results: SnapshotResult[] }>(`/snapshots/${latest.id}`),
        this.get<{ items: CatalogControl[] }>('/controls'),
      ]);
      const critical = new Set(
        controls.items
          .filter(control => control.severity === 'critical')
          .map(control => control.id),
      );
      return {
        score: latest.score,
        failingCriticalControls: snapshot.results
          .filter(r => r.status === 'fail' && critical.has(r.controlId))
          .map(r => r.controlId),
        takenAt: latest.collectedAt,
        partial: latest.partial,
      };
    } catch (error) {
      this.logger.warn(
        `Posture of cluster ${cluster} is unknown: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
