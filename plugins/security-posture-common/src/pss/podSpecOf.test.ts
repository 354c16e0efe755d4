import { podSpecOf } from './podSpecOf';

const template = {
  metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
  spec: { containers: [{ name: 'web' }] },
};

describe('podSpecOf', () => {
  it('reads a Pod', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p', annotations: { x: 'y' } },
      spec: { containers: [{ name: 'c' }] },
    };
    expect(podSpecOf(pod)).toEqual({
      metadata: pod.metadata,
      spec: pod.spec,
      specPath: 'spec',
    });
  });

  it.each([
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'ReplicaSet',
    'Job',
    'ReplicationController',
  ])('reads the pod template of a %s', kind => {
    const object = {
      kind,
      metadata: { name: 'w' },
      spec: { replicas: 2, template },
    };
    expect(podSpecOf(object)).toEqual({
      metadata: template.metadata,
      spec: template.spec,
      specPath: 'spec.template.spec',
    });
  });

  it('reads the job template of a CronJob', () => {
    const cronJob = {
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } },
    };
    expect(podSpecOf(cronJob)).toEqual({
      metadata: template.metadata,
      spec: template.spec,
      specPath: 'spec.jobTemplate.spec.template.spec',
    });
  });

  it('reads a PodTemplate', () => {
    expect(
      podSpecOf({ kind: 'PodTemplate', metadata: { name: 't' }, template })
        ?.specPath,
    ).toBe('template.spec');
  });

  it('uses the kind given, or infers it for list items without one', () => {
    const item = { metadata: { name: 'w' }, spec: { template } };
    expect(podSpecOf(item, 'DaemonSet')?.spec).toBe(template.spec);
    expect(podSpecOf(item)?.spec).toBe(template.spec);
    expect(
      podSpecOf({
        metadata: { name: 'c' },
        spec: { jobTemplate: { spec: { template } } },
      })?.specPath,
    ).toBe('spec.jobTemplate.spec.template.spec');
    expect(
      podSpecOf({ metadata: { name: 'p' }, spec: { containers: [] } })
        ?.specPath,
    ).toBe('spec');
  });

  it('defaults missing template metadata to empty', () => {
    expect(
      podSpecOf({
        kind: 'Job',
        spec: { template: { spec: { containers: [] } } },
      })?.metadata,
    ).toEqual({});
  });

  it('returns undefined for other kinds and incomplete objects', () => {
    expect(podSpecOf({ kind: 'Service', spec: { ports: [] } })).toBeUndefined();
    expect(podSpecOf({ kind: 'Deployment', spec: {} })).toBeUndefined();
    expect(
      podSpecOf({ kind: 'CronJob', spec: { jobTemplate: {} } }),
    ).toBeUndefined();
    expect(podSpecOf(null)).toBeUndefined();
    expect(podSpecOf('pod')).toBeUndefined();
  });
});
