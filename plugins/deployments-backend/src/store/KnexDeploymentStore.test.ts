import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import {
  createDeploymentRequest,
  DeploymentEvent,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import { KnexDeploymentStore } from './KnexDeploymentStore';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const now = new Date('2026-12-02T10:00:00.000Z');
const carol = 'user:default/carol';

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
  return { store, knex };
}

/** A request as the service stores it: created and submitted, awaiting approval. */
function submitted(id: string): DeploymentRequest {
  const created = createDeploymentRequest(
    {
      id,
      serviceRef: 'component:default/payments',
      environment: 'prod',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester: { kind: 'user', userRef: carol },
      reason: 'it\'s "release" 1.4; DROP TABLE x;--',
    },
    now,
  );
  const result = transition(
    created,
    {
      type: 'submit',
      id: `${id}:submit`,
      by: { kind: 'user', userRef: carol },
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied: false,
    },
    now,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

function approve(
  userRef: string,
  expectedRevision: number,
  policySatisfied: boolean,
): DeploymentEvent {
  return {
    type: 'approve',
    id: `approve:${userRef}`,
    by: { kind: 'user', userRef },
    expectedRevision,
    policyHash: 'sha256:p',
    policySatisfied,
  };
}

describe.each(databases.eachSupportedId())(
  'KnexDeploymentStore on %p',
  databaseId => {
    it('round-trips a request with its decisions', async () => {
      const { store } = await createStore(databaseId);
      const request = submitted('r1');
      await store.insert(request, new Date('2026-12-05T10:00:00.000Z'));
      expect(await store.get('r1')).toEqual(request);
      expect(await store.get('nope')).toBeUndefined();
    });

    it('applies an approval, records it once and replays it as a no-op', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(submitted('r1'));
      const event = approve('user:default/dave', 1, false);
      const first = await store.apply('r1', event, now);
      expect(first).toMatchObject({ ok: true, replayed: false });
      const again = await store.apply('r1', event, now);
      expect(again).toMatchObject({ ok: true, replayed: true });
      const stored = await store.get('r1');
      expect(stored?.revision).toBe(2);
      expect(stored?.approvals.map(a => a.userRef)).toEqual([
        'user:default/dave',
      ]);
      expect(stored?.decisions.map(d => d.event)).toEqual([
        'submit',
        'approve',
      ]);
    });

    it('refuses a stale revision, an unknown request and an illegal transition', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(submitted('r1'));
      expect(
        await store.apply('r1', approve('user:default/dave', 0, false), now),
      ).toMatchObject({ ok: false, error: { kind: 'stale-revision' } });
      expect(
        await store.apply('nope', approve('user:default/dave', 1, false), now),
      ).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      const cancel: DeploymentEvent = {
        type: 'cancel',
        id: 'cancel-1',
        by: { kind: 'user', userRef: carol },
        expectedRevision: 1,
        policyHash: 'sha256:p',
      };
      expect(await store.apply('r1', cancel, now)).toMatchObject({ ok: true });
      expect(
        await store.apply('r1', approve('user:default/dave', 2, false), now),
      ).toMatchObject({ ok: false, error: { kind: 'illegal-transition' } });
      expect((await store.get('r1'))?.state).toBe('cancelled');
    });

    it('keeps the history immutable', async () => {
      const { store, knex } = await createStore(databaseId);
      await store.insert(submitted('r1'));
      // Awaited directly, not through `expect().rejects` (a query builder is a thenable).
      const refusal = async (query: PromiseLike<unknown>) => {
        try {
          await query;
          return 'written';
        } catch (error) {
          return (error as Error).message;
        }
      };
      expect(
        await refusal(
          knex('deployments_decisions').update({ comment: 'rewritten' }),
        ),
      ).toMatch(/append-only/);
      expect(await refusal(knex('deployments_decisions').delete())).toMatch(
        /append-only/,
      );
      expect((await store.get('r1'))?.decisions).toHaveLength(1);
    });

    it('lists by state, environment and service, and finds expired requests', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(submitted('r1'), new Date('2026-12-02T11:00:00.000Z'));
      await store.insert(
        { ...submitted('r2'), environment: 'staging' },
        new Date('2026-12-03T11:00:00.000Z'),
      );
      await store.insert({
        ...submitted('r3'),
        serviceRef: 'component:default/ledger',
      });
      expect(
        (await store.list({ environment: 'staging' })).map(r => r.id),
      ).toEqual(['r2']);
      expect(
        (await store.list({ serviceRef: 'component:default/ledger' })).map(
          r => r.id,
        ),
      ).toEqual(['r3']);
      expect((await store.list({ states: ['awaiting-approval'] })).length).toBe(
        3,
      );
      expect(await store.list({ states: ['approved'] })).toEqual([]);
      expect(
        await store.listExpired(new Date('2026-12-02T11:00:00.000Z'), 10),
      ).toEqual(['r1']);
    });

    it('lists what needs attention: failed requests and deploys not moving since a time', async () => {
      const { store } = await createStore(databaseId);
      const at = (
        id: string,
        state: DeploymentRequest['state'],
        updatedAt: string,
        serviceRef = 'component:default/payments',
      ) => ({ ...submitted(id), state, updatedAt, serviceRef });
      await store.insert(
        at('failed-old', 'failed', '2026-12-01T10:00:00.000Z'),
      );
      await store.insert(
        at('failed-new', 'failed', '2026-12-02T09:59:00.000Z'),
      );
      await store.insert(
        at('deploying-stuck', 'deploying', '2026-12-02T09:00:00.000Z'),
      );
      await store.insert(
        at('preview-at-limit', 'preview-ready', '2026-12-02T09:30:00.000Z'),
      );
      await store.insert(
        at('promoted-stuck', 'promoted', '2026-12-02T08:00:00.000Z'),
      );
      await store.insert(
        at('deploying-recent', 'deploying', '2026-12-02T09:31:00.000Z'),
      );
      await store.insert(at('live-old', 'live', '2026-12-01T10:00:00.000Z'));
      await store.insert(
        at('waiting-old', 'awaiting-approval', '2026-12-01T10:00:00.000Z'),
      );
      await store.insert(
        at(
          'ledger-failed',
          'failed',
          '2026-12-01T10:00:00.000Z',
          'component:default/ledger',
        ),
      );
      const needsAttention = { stuckSince: '2026-12-02T09:30:00.000Z' };
      expect(
        (await store.list({ needsAttention })).map(r => r.id).sort(),
      ).toEqual([
        'deploying-stuck',
        'failed-new',
        'failed-old',
        'ledger-failed',
        'preview-at-limit',
        'promoted-stuck',
      ]);
      expect(
        (
          await store.list({
            needsAttention,
            serviceRef: 'component:default/ledger',
          })
        ).map(r => r.id),
      ).toEqual(['ledger-failed']);
    });

    it('counts each of N racing approvers once and transitions to approved exactly once', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(submitted('race'));
      const approvers = Array.from(
        { length: 8 },
        (_, i) => `user:default/approver-${i}`,
      );
      const required = 5;
      const outcomes = await Promise.all(
        approvers.map(async userRef => {
          // What the service does: read, decide, apply; on a stale revision read again.
          for (let attempt = 0; attempt < 50; attempt++) {
            const current = await store.get('race');
            const result = await store.apply(
              'race',
              approve(
                userRef,
                current!.revision,
                current!.approvals.length + 1 >= required,
              ),
              now,
            );
            if (result.ok || result.error.kind !== 'stale-revision') {
              return result.ok ? 'approved' : result.error.kind;
            }
          }
          return 'gave up';
        }),
      );
      const stored = (await store.get('race'))!;
      expect(stored.state).toBe('approved');
      expect(stored.approvals).toHaveLength(required);
      expect(new Set(stored.approvals.map(a => a.userRef)).size).toBe(required);
      expect(stored.decisions.filter(d => d.to === 'approved')).toHaveLength(1);
      expect(outcomes.filter(o => o === 'approved')).toHaveLength(required);
      expect(outcomes.filter(o => o === 'illegal-transition')).toHaveLength(
        approvers.length - required,
      );
      expect(stored.revision).toBe(1 + required);
    });
  },
);
