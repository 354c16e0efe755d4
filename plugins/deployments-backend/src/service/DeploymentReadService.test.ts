import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { createTestDatabases } from '@sparki/test-databases';
import {
  createDeploymentRequest,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import { KnexDeploymentStore } from '../store/KnexDeploymentStore';
import { DeploymentReadService, ServiceCatalog } from './DeploymentReadService';

jest.setTimeout(60_000);

const databases = createTestDatabases(['SQLITE_3']);
const carol = { kind: 'user' as const, userRef: 'user:default/carol' };
const at = new Date('2026-12-01T10:00:00.000Z');

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service' },
};

function submitted(
  id: string,
  environment: string,
  policySatisfied: boolean,
): DeploymentRequest {
  const created = createDeploymentRequest(
    {
      id,
      serviceRef: 'component:default/payments',
      environment,
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester: { kind: 'user', userRef: carol.userRef },
      reason: 'release 1.4',
    },
    at,
  );
  const result = transition(
    created,
    {
      type: 'submit',
      id: `${id}:submit`,
      by: carol,
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied,
    },
    at,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

async function setup(related: string[]) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
  const catalog: ServiceCatalog = {
    entity: async ref =>
      ref === 'component:default/payments' ? payments : undefined,
    environmentsOf: async () => related,
  };
  const service = new DeploymentReadService({
    store,
    catalog,
    configuredEnvironments: ['prod', 'staging'],
  });
  return { store, service };
}

describe('DeploymentReadService', () => {
  it('lists the catalog and configured environments in promotion order with their pending requests', async () => {
    const { store, service } = await setup(['qa', 'prod', 'dev']);
    await store.insert(submitted('r1', 'staging', false));
    await store.insert(submitted('r2', 'staging', true));
    const { environments } = await service.environments(
      'component:default/payments',
    );
    expect(environments.map(e => [e.name, e.order])).toEqual([
      ['dev', 0],
      ['staging', 1],
      ['prod', 2],
      ['qa', 3],
    ]);
    expect(environments.every(e => e.live === undefined)).toBe(true);
    const staging = environments[1];
    expect(staging.pending.map(p => [p.id, p.state])).toEqual([
      ['r2', 'approved'],
      ['r1', 'awaiting-approval'],
    ]);
    expect(staging.pending[1]).toEqual({
      id: 'r1',
      serviceRef: 'component:default/payments',
      environment: 'staging',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester: { kind: 'user', userRef: carol.userRef },
      reason: 'release 1.4',
      state: 'awaiting-approval',
      approvedBy: [],
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
  });

  it('shows an environment known only from its requests, and leaves decided ones out of pending', async () => {
    const { store, service } = await setup([]);
    await store.insert(submitted('r1', 'canary', false));
    await store.apply(
      'r1',
      {
        type: 'cancel',
        id: 'cancel:1',
        by: carol,
        expectedRevision: 1,
        policyHash: 'sha256:p',
      },
      at,
    );
    const { environments } = await service.environments(
      'component:default/payments',
    );
    expect(environments.map(e => e.name)).toEqual(['staging', 'prod']);
    await store.insert(submitted('r2', 'canary', false));
    const again = await service.environments('component:default/payments');
    expect(again.environments.map(e => e.name)).toEqual([
      'staging',
      'prod',
      'canary',
    ]);
  });

  it('tells what is live in the previous environment, for the bake time', async () => {
    const { store, service } = await setup(['dev']);
    await store.insert(submitted('s1', 'staging', true));
    for (const [index, type] of (['start-deploy', 'live'] as const).entries()) {
      const result = await store.apply(
        's1',
        {
          type,
          id: type,
          by: { kind: 'pipeline', identity: 'github-actions' },
          expectedRevision: 1 + index,
          policyHash: 'sha256:p',
        },
        new Date(at.getTime() + (index + 1) * 60_000),
      );
      expect(result.ok).toBe(true);
    }
    const serviceRef = 'component:default/payments';
    expect(await service.previousEnvironmentLive(serviceRef, 'prod')).toEqual({
      environment: 'staging',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      since: new Date(at.getTime() + 2 * 60_000).toISOString(),
    });
    // dev comes before staging, but nothing went live there through the portal.
    expect(
      await service.previousEnvironmentLive(serviceRef, 'staging'),
    ).toBeUndefined();
    expect(
      await service.previousEnvironmentLive(serviceRef, 'dev'),
    ).toBeUndefined();
    expect(
      await service.previousEnvironmentLive('component:default/nope', 'prod'),
    ).toBeUndefined();
  });

  it('names the version rolled back last where nothing live is known, and who rolled it back', async () => {
    const { store, service } = await setup([]);
    const pipeline = { kind: 'pipeline' as const, identity: 'github-actions' };
    const dave = { kind: 'user' as const, userRef: 'user:default/dave' };
    const minute = (n: number) => new Date(at.getTime() + n * 60_000);
    async function goLive(id: string, environment: string, from: number) {
      await store.insert(submitted(id, environment, true));
      for (const [index, type] of (
        ['start-deploy', 'live'] as const
      ).entries()) {
        const result = await store.apply(
          id,
          {
            type,
            id: `${id}:${type}`,
            by: pipeline,
            expectedRevision: 1 + index,
            policyHash: 'sha256:p',
          },
          minute(from + index),
        );
        expect(result.ok).toBe(true);
      }
    }
    async function rollBack(id: string, when: number) {
      const result = await store.apply(
        id,
        {
          type: 'rollback',
          id: `${id}:rollback`,
          by: dave,
          expectedRevision: 3,
          policyHash: 'sha256:p',
          comment: 'error rate up',
        },
        minute(when),
      );
      expect(result.ok).toBe(true);
    }
    await goLive('p1', 'prod', 1);
    await goLive('p2', 'prod', 3);
    await rollBack('p1', 10);
    await rollBack('p2', 11);
    await goLive('s1', 'staging', 5);

    const byName = async () =>
      Object.fromEntries(
        (
          await service.environments('component:default/payments')
        ).environments.map(e => [e.name, e]),
      );
    const environments = await byName();
    expect(environments.prod.live).toBeUndefined();
    expect(environments.prod.rolledBack).toEqual({
      requestId: 'p2',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      at: minute(11).toISOString(),
      by: dave,
    });
    // Something is live: nothing to name.
    expect(environments.staging.live?.requestId).toBe('s1');
    expect(environments.staging.rolledBack).toBeUndefined();

    await goLive('p3', 'prod', 12);
    const later = await byName();
    expect(later.prod.live?.requestId).toBe('p3');
    expect(later.prod.rolledBack).toBeUndefined();
  });

  it('refuses a service the catalog does not know', async () => {
    const { service } = await setup([]);
    await expect(
      service.environments('component:default/nope'),
    ).rejects.toThrow(NotFoundError);
  });

  it('returns the history cursor as text', async () => {
    const { store, service } = await setup([]);
    await store.insert(submitted('r1', 'prod', false));
    await store.insert(submitted('r2', 'prod', false));
    const first = await service.history({ limit: 1 });
    expect(first.items.map(i => i.requestId)).toEqual(['r2']);
    expect(first.nextBefore).toMatch(/^\d+$/);
    const second = await service.history({
      limit: 1,
      before: Number(first.nextBefore),
    });
    expect(second).toEqual({
      items: [expect.objectContaining({ requestId: 'r1' })],
    });
  });
});
