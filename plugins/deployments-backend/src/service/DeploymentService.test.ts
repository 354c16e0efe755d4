import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import {
  DeploymentRequest,
  EnvironmentPolicy,
  parseDeploymentsConfig,
} from '@sparki/deployments-common';
import { KnexDeploymentStore } from '../store/KnexDeploymentStore';
import { Caller, DeploymentService } from './DeploymentService';
import { GatheredFacts, PolicyFactsSource } from './PolicyFactsSource';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const approvers = 'group:default/release-approvers';
const carol: Caller = {
  kind: 'user',
  userRef: 'user:default/carol',
  ownershipRefs: ['user:default/carol', approvers],
};
const user = (name: string): Caller => ({
  kind: 'user',
  userRef: `user:default/${name}`,
  ownershipRefs: [`user:default/${name}`, approvers],
});
const pipeline: Caller = { kind: 'pipeline', identity: 'github-actions' };

function policies(): Record<string, EnvironmentPolicy> {
  const parsed = parseDeploymentsConfig({
    environments: {
      prod: {
        approvals: { required: 2, allowedGroups: [approvers] },
        separationOfDuties: true,
        postureGate: { minScore: 80, maxAgeHours: 24 },
        expiry: { requestHours: 72 },
      },
      staging: { approvals: { required: 0 } },
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.environments;
}

/** Facts as the catalog and the posture backend would give them; posture is changeable. */
class FakeFacts implements PolicyFactsSource {
  /** How often the facts were gathered (each is catalog and posture calls in the backend). */
  gathered = 0;
  posture: GatheredFacts['postureSnapshot'] = {
    score: 92,
    failingCriticalControls: [],
    takenAt: '2026-12-02T09:00:00.000Z',
    partial: false,
  };
  async gather(
    _request: DeploymentRequest,
    userRefs: string[],
    knownGroups: Record<string, string[]> = {},
  ): Promise<GatheredFacts> {
    this.gathered++;
    return {
      owningGroupRef: 'group:default/payments-team',
      owningGroupMembers: ['user:default/frank'],
      userGroups: Object.fromEntries(
        userRefs.map(ref => [
          ref,
          knownGroups[ref] ?? (ref.includes('outsider') ? [] : [approvers]),
        ]),
      ),
      ...(this.posture ? { postureSnapshot: this.posture } : {}),
    };
  }
}

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
  let now = new Date('2026-12-02T10:00:00.000Z');
  const facts = new FakeFacts();
  const service = new DeploymentService({
    store,
    policies: policies(),
    facts,
    now: () => now,
  });
  return {
    service,
    store,
    facts,
    setNow: (date: string) => {
      now = new Date(date);
    },
  };
}

const prodRequest = {
  serviceRef: 'component:default/payments',
  environment: 'prod',
  version: { commitSha: 'abc1234', tag: 'v1.4.0' },
  reason: 'release 1.4',
};

describe.each(databases.eachSupportedId())(
  'DeploymentService on %p',
  databaseId => {
    it('creates a request that waits for approvals, and approves it with two people', async () => {
      const { service } = await setup(databaseId);
      const created = await service.create(prodRequest, carol);
      expect(created.request.state).toBe('awaiting-approval');
      expect(created.evaluation.canApprove).toMatchObject({
        allowed: false,
        refusal: 'requester',
      });
      const approvals = created.evaluation.rules.find(
        r => r.rule === 'approvals',
      );
      expect(approvals?.status).toBe('not-met');

      const first = await service.approve(created.request.id, user('dave'));
      expect(first.request.state).toBe('awaiting-approval');
      const second = await service.approve(created.request.id, user('erin'));
      expect(second.request.state).toBe('approved');
      expect(second.request.decisions.map(d => d.to)).toEqual([
        'awaiting-approval',
        'awaiting-approval',
        'approved',
      ]);
      expect(second.request.decisions.every(d => d.policyHash)).toBe(true);
    });

    it('gathers the policy facts once per approval: check, trial and answer share them', async () => {
      const { service, facts } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      facts.gathered = 0;
      const first = await service.approve(request.id, user('dave'));
      expect(first.evaluation.canApprove).toMatchObject({
        allowed: false,
        refusal: 'already-approved',
      });
      expect(facts.gathered).toBe(1);
      const second = await service.approve(request.id, user('erin'));
      expect(second.request.state).toBe('approved');
      expect(second.evaluation.satisfied).toBe(true);
      expect(facts.gathered).toBe(2);
    });

    it('approves at once where the policy needs nobody', async () => {
      const { service } = await setup(databaseId);
      const created = await service.create(
        { ...prodRequest, environment: 'staging' },
        pipeline,
      );
      expect(created.request.state).toBe('approved');
      expect(created.request.requester).toEqual({
        kind: 'pipeline',
        identity: 'github-actions',
      });
    });

    it('refuses self-approval, the commit author, the owning group and outsiders with the reason', async () => {
      const { service } = await setup(databaseId);
      const { request } = await service.create(
        { ...prodRequest, commitAuthor: 'user:default/bob' },
        carol,
      );
      await expect(service.approve(request.id, carol)).rejects.toThrow(
        /carol requested it, so carol cannot approve/,
      );
      await expect(service.approve(request.id, user('bob'))).rejects.toThrow(
        /bob/,
      );
      await expect(service.approve(request.id, user('frank'))).rejects.toThrow(
        /frank/,
      );
      await expect(
        service.approve(request.id, {
          kind: 'user',
          userRef: 'user:default/outsider',
          ownershipRefs: [],
        }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(service.approve(request.id, pipeline)).rejects.toMatchObject(
        { name: 'NotAllowedError' },
      );
      expect((await service.get(request.id)).request.approvals).toEqual([]);
    });

    it('counts a repeated approval once', async () => {
      const { service } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      await service.approve(request.id, user('dave'));
      const again = await service.approve(request.id, user('dave'));
      expect(again.request.approvals).toHaveLength(1);
      expect(again.request.revision).toBe(2);
    });

    it('holds an approved-enough request while the posture is unknown', async () => {
      const { service, facts } = await setup(databaseId);
      facts.posture = undefined;
      const { request } = await service.create(prodRequest, carol);
      await service.approve(request.id, user('dave'));
      const view = await service.approve(request.id, user('erin'));
      expect(view.request.state).toBe('awaiting-approval');
      expect(
        view.evaluation.rules.find(r => r.rule === 'posture-gate')?.status,
      ).toBe('unknown');
    });

    it('approves once the unknown posture gate is overridden with a reason', async () => {
      const { service, facts } = await setup(databaseId);
      facts.posture = undefined;
      const { request } = await service.create(prodRequest, carol);
      await service.approve(request.id, user('dave'));
      await service.approve(request.id, user('erin'));
      await expect(
        service.override(request.id, user('dave'), {
          kind: 'posture',
          reason: ' ',
        }),
      ).rejects.toThrow('an override needs a reason');
      await expect(
        service.override(request.id, pipeline, {
          kind: 'posture',
          reason: 'scanner down',
        }),
      ).rejects.toThrow('only a person can override a gate');
      const view = await service.override(request.id, user('dave'), {
        kind: 'posture',
        reason: 'scanner down, manual check done',
      });
      expect(view.request.state).toBe('approved');
      expect(view.request.overrides).toEqual([
        expect.objectContaining({
          kind: 'posture',
          by: 'user:default/dave',
          reason: 'scanner down, manual check done',
        }),
      ]);
      expect(
        view.evaluation.rules.find(r => r.rule === 'posture-gate'),
      ).toMatchObject({ status: 'met', override: { by: 'user:default/dave' } });
    });

    it('needs a comment to reject, and cancels', async () => {
      const { service } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      await expect(
        service.reject(request.id, user('dave'), '  '),
      ).rejects.toThrow('a rejection needs a comment');
      await expect(
        service.reject(request.id, pipeline, 'pipelines do not decide'),
      ).rejects.toThrow('only a person can reject a deploy');
      const rejected = await service.reject(
        request.id,
        user('dave'),
        'not this week',
      );
      expect(rejected.request.state).toBe('rejected');
      expect(rejected.request.decisions.at(-1)?.comment).toBe('not this week');
      await expect(
        service.cancel(request.id, carol, { anyRequester: false }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'cannot cancel a request that is rejected',
      });
      const other = await service.create(prodRequest, carol);
      await expect(
        service.cancel(other.request.id, user('dave'), { anyRequester: false }),
      ).rejects.toThrow('only the requester or an approver can cancel');
      expect(
        (await service.cancel(other.request.id, carol, { anyRequester: false }))
          .request.state,
      ).toBe('cancelled');
      const third = await service.create(prodRequest, carol);
      await expect(
        service.cancel(third.request.id, pipeline, { anyRequester: true }),
      ).rejects.toThrow('only the requester or an approver can cancel');
      expect(
        (
          await service.cancel(third.request.id, user('dave'), {
            anyRequester: true,
          })
        ).request.state,
      ).toBe('cancelled');
    });

    it('says which environments exist', async () => {
      const { service } = await setup(databaseId);
      await expect(
        service.create({ ...prodRequest, environment: 'qa' }, carol),
      ).rejects.toThrow('unknown environment "qa"; configured: prod, staging');
      await expect(service.get('missing')).rejects.toMatchObject({
        name: 'NotFoundError',
      });
    });

    it('expires pending requests past their expiry, once', async () => {
      const { service, setNow } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      expect(await service.expireDue()).toEqual({ expired: [], skipped: [] });
      setNow('2026-12-05T10:00:00.000Z');
      expect(await service.expireDue()).toEqual({
        expired: [request.id],
        skipped: [],
      });
      expect(await service.expireDue()).toEqual({ expired: [], skipped: [] });
      const { request: stored } = await service.get(request.id);
      expect(stored.state).toBe('expired');
      expect(stored.decisions.at(-1)?.by).toEqual({
        kind: 'system',
        name: 'deployments-expiry',
      });
    });

    it('lists what waits for me', async () => {
      const { service } = await setup(databaseId);
      const mine = await service.create(prodRequest, carol);
      await service.create(
        { ...prodRequest, serviceRef: 'component:default/ledger' },
        user('dave'),
      );
      const forDave = await service.list({ waitingForMe: true }, user('dave'));
      expect(forDave.items.map(r => r.id)).toEqual([mine.request.id]);
      expect(
        (await service.list({ state: 'awaiting-approval' }, carol)).items,
      ).toHaveLength(2);
    });

    it('lists failed requests and deploys stuck past the configured time as needing attention', async () => {
      const { service, store, setNow } = await setup(databaseId);
      const deploy = async (fail: boolean) => {
        const { request } = await service.create(
          { ...prodRequest, environment: 'staging' },
          carol,
        );
        const base = {
          by: pipeline,
          policyHash: request.decisions[0].policyHash,
        } as const;
        const started = await store.apply(
          request.id,
          {
            ...base,
            type: 'start-deploy',
            id: 'start',
            expectedRevision: request.revision,
          },
          new Date('2026-12-02T10:00:00.000Z'),
        );
        if (!started.ok) throw new Error(started.error.message);
        if (fail) {
          await store.apply(
            request.id,
            {
              ...base,
              type: 'fail',
              id: 'fail',
              expectedRevision: started.request.revision,
              comment: 'image pull failed',
            },
            new Date('2026-12-02T10:00:00.000Z'),
          );
        }
        return request.id;
      };
      const failed = await deploy(true);
      const deploying = await deploy(false);
      const attention = async () =>
        (await service.list({ attention: true }, carol)).items.map(r => r.id);

      setNow('2026-12-02T10:59:59.999Z');
      expect(await attention()).toEqual([failed]);
      // Unchanged for the default 60 minutes: stuck.
      setNow('2026-12-02T11:00:00.000Z');
      expect((await attention()).sort()).toEqual([deploying, failed].sort());
      expect(
        (await service.list({ state: 'deploying' }, carol)).items.map(
          r => r.id,
        ),
      ).toEqual([deploying]);
    });

    it('pages the inbox past requests the caller may not approve', async () => {
      const { service, setNow } = await setup(databaseId);
      // Dave may approve carol's requests, not his own: they interleave with his.
      const carols: string[] = [];
      for (let i = 0; i < 6; i++) {
        setNow(`2026-12-02T10:0${i}:00.000Z`);
        const requester: Caller = i % 2 === 0 ? carol : user('dave');
        const created = await service.create(
          { ...prodRequest, reason: `release ${i}` },
          requester,
        );
        if (requester === carol) carols.unshift(created.request.id);
      }
      const first = await service.list(
        { waitingForMe: true, limit: 2 },
        user('dave'),
      );
      expect(first.items.map(r => r.id)).toEqual(carols.slice(0, 2));
      expect(first.nextAfter).toBeDefined();
      const second = await service.list(
        { waitingForMe: true, limit: 2, after: first.nextAfter },
        user('dave'),
      );
      expect(second.items.map(r => r.id)).toEqual(carols.slice(2));
      expect(second.nextAfter).toBeUndefined();

      const all = await service.list({ limit: 4 }, carol);
      expect(all.items).toHaveLength(4);
      const rest = await service.list(
        { limit: 4, after: all.nextAfter },
        carol,
      );
      expect(rest.items).toHaveLength(2);
      expect(rest.nextAfter).toBeUndefined();
    });

    it('counts each of N racing approvers once, with one transition to approved', async () => {
      const { service } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      const racers = Array.from({ length: 6 }, (_, i) => user(`racer-${i}`));
      const results = await Promise.allSettled(
        racers.map(racer => service.approve(request.id, racer)),
      );
      const { request: stored } = await service.get(request.id);
      expect(stored.state).toBe('approved');
      expect(stored.approvals).toHaveLength(2);
      expect(stored.decisions.filter(d => d.to === 'approved')).toHaveLength(1);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(2);
      const refusals = results.flatMap(r =>
        r.status === 'rejected' ? [String(r.reason.message)] : [],
      );
      expect(refusals).toHaveLength(racers.length - 2);
      expect(
        refusals.filter(
          message => !/approved|not awaiting approval/.test(message),
        ),
      ).toEqual([]);
    });

    it('waits until the request is decided, or times out', async () => {
      const { service } = await setup(databaseId);
      const { request } = await service.create(prodRequest, carol);
      const timedOut = await service.waitForDecision(request.id, 0, {
        pollMs: 1,
        aborted: () => false,
      });
      expect(timedOut).toMatchObject({ decided: false });
      const waiting = service.waitForDecision(request.id, 60, {
        pollMs: 5,
        aborted: () => false,
      });
      await service.reject(request.id, user('dave'), 'no');
      expect(await waiting).toMatchObject({
        decided: true,
        request: { state: 'rejected' },
      });
    });
  },
);
