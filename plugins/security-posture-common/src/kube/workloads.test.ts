import { listPodWorkloads, serviceAccountOf } from './workloads';
import { container, deployment, inventoryOf, pod } from '../testUtils/fixtures';
import { KubeObject } from '../inventory';

const owned = (
  object: KubeObject,
  kind: string,
  name: string,
  controller = true,
): KubeObject => ({
  ...object,
  metadata: {
    ...object.metadata,
    ownerReferences: [{ kind, name, controller }],
  },
});

describe('listPodWorkloads', () => {
  const spec = { containers: [container('app')] };

  it('represents controlled pods by their top-level controller', () => {
    const replicaSet: KubeObject = owned(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-abc', namespace: 'shop' },
        spec: { template: { metadata: { labels: { app: 'web' } }, spec } },
      },
      'Deployment',
      'web',
    );
    const job: KubeObject = owned(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'report-1', namespace: 'shop' },
        spec: { template: { spec } },
      },
      'CronJob',
      'report',
    );
    const cronJob: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: {
        jobTemplate: {
          spec: { template: { metadata: { labels: { job: 'report' } }, spec } },
        },
      },
    };
    const workloads = listPodWorkloads(
      inventoryOf(
        deployment('shop', 'web', spec),
        replicaSet,
        owned(pod('shop', 'web-abc-1', spec), 'ReplicaSet', 'web-abc'),
        cronJob,
        job,
        owned(pod('shop', 'report-1-x', spec), 'Job', 'report-1'),
        owned(pod('shop', 'orphan', spec), 'ReplicaSet', 'gone'),
        owned(pod('shop', 'static', spec), 'Node', 'ip-10-0-0-1'),
        pod('shop', 'bare', spec, { app: 'bare' }),
      ),
    );
    expect(workloads.map(w => `${w.resource.kind}/${w.resource.name}`)).toEqual(
      [
        'Deployment/web',
        'CronJob/report',
        'Pod/orphan',
        'Pod/static',
        'Pod/bare',
      ],
    );
    expect(workloads[1].podMetadata.labels).toEqual({ job: 'report' });
    expect(workloads[4].podMetadata.labels).toEqual({ app: 'bare' });
  });

  it('keeps pods whose owner reference is not a controller', () => {
    const workloads = listPodWorkloads(
      inventoryOf(
        deployment('shop', 'web', spec),
        owned(pod('shop', 'p', spec), 'Deployment', 'web', false),
      ),
    );
    expect(workloads).toHaveLength(2);
  });
});

describe('serviceAccountOf', () => {
  it('reads serviceAccountName, the deprecated serviceAccount, or default', () => {
    expect(serviceAccountOf({ serviceAccountName: 'a' })).toBe('a');
    expect(serviceAccountOf({ serviceAccount: 'b' })).toBe('b');
    expect(serviceAccountOf({})).toBe('default');
  });
});
