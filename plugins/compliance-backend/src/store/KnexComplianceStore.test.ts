import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { createHash } from 'node:crypto';
import { KnexComplianceStore } from './KnexComplianceStore';
import { StoredScoreSnapshot, WaiverRequestRecord } from './ComplianceStore';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const alice = 'user:default/alice';
const bob = 'user:default/bob';
const prod = { kind: 'cluster' as const, id: 'sparki-prod' };

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexComplianceStore.create({
    database: { getClient: async () => knex },
  });
  return { store, knex };
}

function request(id: string, requestedAt: string): WaiverRequestRecord {
  return {
    id,
    checkId: 'posture-control:workload-host-pid',
    scope: prod,
    reason: 'it\'s the node agent; "DROP TABLE x;--"',
    requester: alice,
    requestedAt,
    expiresAt: '2027-03-01T00:00:00.000Z',
  };
}

/** Awaited directly, not through `expect().rejects` (a query builder is a thenable). */
async function refusal(query: PromiseLike<unknown>) {
  try {
    await query;
    return 'written';
  } catch (error) {
    return (error as Error).message;
  }
}

function snapshot(
  id: string,
  takenAt: string,
  scope: StoredScoreSnapshot['scope'],
  score: number,
): StoredScoreSnapshot {
  const figures = {
    score,
    conservativeScore: score / 2,
    coverage: 0.5,
    applicableControls: 2,
    controlsWithData: 1,
  };
  return {
    id,
    frameworkId: 'cis-kubernetes',
    frameworkVersion: '1.12.0',
    methodVersion: '1',
    ...(scope ? { scope } : {}),
    takenAt,
    trigger: 'daily',
    operational: figures,
    audit: figures,
    waivers: 0,
    waivedChecks: 0,
    controlsByStatus: {
      satisfied: 1,
      failing: 0,
      unknown: 1,
      waived: 0,
      'not-applicable': 0,
    },
    sources: [
      {
        source: 'posture',
        id: 'cluster:sparki-prod:snapshot:1',
        sha256: 'a'.repeat(64),
        takenAt,
      },
    ],
    controls: [],
    fingerprint: `f-${id}`,
  };
}

const w1 = '00000000-0000-4000-8000-000000000001';
const w2 = '00000000-0000-4000-8000-000000000002';

describe.each(databases.eachSupportedId())(
  'KnexComplianceStore on %p',
  databaseId => {
    it('decides a waiver once and revokes it once, with new records', async () => {
      const { store } = await createStore(databaseId);
      await store.insertWaiverRequest(request(w1, '2026-12-02T10:00:00.000Z'));
      expect(await store.getWaiver(w1)).toEqual({
        request: request(w1, '2026-12-02T10:00:00.000Z'),
      });
      const approval = {
        waiverId: w1,
        decision: 'approved' as const,
        by: bob,
        at: '2026-12-02T11:00:00.000Z',
        comment: 'until the agent is replaced',
      };
      expect(await store.insertWaiverDecision(approval)).toBe(true);
      expect(
        await store.insertWaiverDecision({
          ...approval,
          decision: 'rejected',
        }),
      ).toBe(false);
      const revocation = {
        id: '00000000-0000-4000-8000-0000000000a1',
        targetId: w1,
        revokedBy: bob,
        revokedAt: '2026-12-03T00:00:00.000Z',
        reason: 'agent replaced',
      };
      expect(await store.insertWaiverRevocation(revocation)).toBe(true);
      expect(
        await store.insertWaiverRevocation({
          ...revocation,
          id: '00000000-0000-4000-8000-0000000000a2',
        }),
      ).toBe(false);
      expect(await store.getWaiver(w1)).toEqual({
        request: request(w1, '2026-12-02T10:00:00.000Z'),
        decision: approval,
        revocation,
      });
      expect(await store.getWaiver(w2)).toBeUndefined();
    });

    it('refuses a revocation of a waiver never decided', async () => {
      const { store } = await createStore(databaseId);
      await store.insertWaiverRequest(request(w1, '2026-12-02T10:00:00.000Z'));
      expect(
        await refusal(
          store.insertWaiverRevocation({
            id: '00000000-0000-4000-8000-0000000000a1',
            targetId: w1,
            revokedBy: bob,
            revokedAt: '2026-12-03T00:00:00.000Z',
            reason: 'x',
          }),
        ),
      ).not.toBe('written');
    });

    it('keeps every register immutable', async () => {
      const { store, knex } = await createStore(databaseId);
      await store.insertWaiverRequest(request(w1, '2026-12-02T10:00:00.000Z'));
      await store.insertWaiverDecision({
        waiverId: w1,
        decision: 'approved',
        by: bob,
        at: '2026-12-02T11:00:00.000Z',
      });
      await store.insertScoreSnapshots([
        snapshot('s1', '2026-12-02T00:00:00.000Z', prod, 0.5),
      ]);
      for (const [table, change] of [
        ['compliance_waiver_requests', { reason: 'rewritten' }],
        ['compliance_waiver_decisions', { decided_by: alice }],
        ['compliance_score_snapshots', { figures: '{}' }],
      ] as const) {
        expect(await refusal(knex(table).update(change))).toMatch(
          /append-only/,
        );
        expect(await refusal(knex(table).delete())).toMatch(/append-only/);
      }
      expect((await store.getWaiver(w1))?.decision?.by).toBe(bob);
    });

    it('lists waivers and attestations newest first, by check and scope', async () => {
      const { store } = await createStore(databaseId);
      await store.insertWaiverRequest(request(w1, '2026-12-01T10:00:00.000Z'));
      await store.insertWaiverRequest({
        ...request(w2, '2026-12-02T10:00:00.000Z'),
        scope: { kind: 'cluster', id: 'sparki-dev' },
      });
      expect((await store.listWaivers({})).map(w => w.request.id)).toEqual([
        w2,
        w1,
      ]);
      expect(
        (await store.listWaivers({ scope: prod })).map(w => w.request.id),
      ).toEqual([w1]);
      expect(await store.listWaivers({ checkId: 'attestation:waf' })).toEqual(
        [],
      );

      const attestation = {
        id: w1,
        checkId: 'attestation:pen-test',
        scope: { kind: 'entity' as const, id: 'system:default/sparki' },
        attestedBy: bob,
        evidence: { url: 'https://example.com/pentest.pdf' },
        attestedAt: '2026-11-20T00:00:00.000Z',
        expiresAt: '2027-11-20T00:00:00.000Z',
        recordedAt: '2026-12-02T10:00:00.000Z',
      };
      await store.insertAttestation(attestation);
      await store.insertAttestation({
        ...attestation,
        id: w2,
        evidence: { url: 'https://example.com/retest.pdf' },
        note: 'retest',
        recordedAt: '2026-12-02T12:00:00.000Z',
      });
      const listed = await store.listAttestations({
        checkId: 'attestation:pen-test',
      });
      expect(listed.map(a => a.attestation.id)).toEqual([w2, w1]);
      expect(listed[1]).toEqual({ attestation });
      const revocation = {
        id: '00000000-0000-4000-8000-0000000000a1',
        targetId: w1,
        revokedBy: alice,
        revokedAt: '2026-12-03T00:00:00.000Z',
        reason: 'report withdrawn',
      };
      expect(await store.insertAttestationRevocation(revocation)).toBe(true);
      expect(await store.insertAttestationRevocation(revocation)).toBe(false);
      expect((await store.getAttestation(w1))?.revocation).toEqual(revocation);
    });

    it('stores an evidence file with its attestation, for good', async () => {
      const { store, knex } = await createStore(databaseId);
      // Every byte value, so a driver's text conversion would show.
      const content = Buffer.from(
        Array.from({ length: 512 }, (_, i) => i % 256),
      );
      const file = {
        name: 'pentest 2026 (final).pdf',
        contentType: 'application/pdf' as const,
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
      };
      const attestation = {
        id: w1,
        checkId: 'attestation:pen-test',
        scope: { kind: 'entity' as const, id: 'system:default/sparki' },
        attestedBy: bob,
        evidence: { file },
        attestedAt: '2026-11-20T00:00:00.000Z',
        expiresAt: '2027-11-20T00:00:00.000Z',
        recordedAt: '2026-12-02T10:00:00.000Z',
      };
      await store.insertAttestation(attestation, content);
      expect(await store.getAttestation(w1)).toEqual({ attestation });
      const stored = await store.getEvidenceFile(w1);
      expect(stored?.file).toEqual(file);
      expect(stored?.content.equals(content)).toBe(true);
      expect(await store.getEvidenceFile(w2)).toBeUndefined();

      // The file is part of the record: not replaced, changed or removed.
      expect(
        await refusal(
          knex('compliance_attestation_files').insert({
            attestation_id: w1,
            file_name: 'other.pdf',
            content_type: 'application/pdf',
            bytes: 1,
            sha256: 'c'.repeat(64),
            content: Buffer.from('x'),
          }),
        ),
      ).not.toBe('written');
      expect(
        await refusal(
          knex('compliance_attestation_files').update({ file_name: 'x.pdf' }),
        ),
      ).toMatch(/append-only/);
      expect(
        await refusal(knex('compliance_attestation_files').delete()),
      ).toMatch(/append-only/);
      expect((await store.getEvidenceFile(w1))?.file).toEqual(file);

      // A file without its bytes (or bytes without a file) is not stored.
      await expect(
        store.insertAttestation({ ...attestation, id: w2 }),
      ).rejects.toThrow(/with its content/);
      expect(await store.getAttestation(w2)).toBeUndefined();
    });

    it('migrates up from the schema before evidence files, keeping the data', async () => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@sparki/compliance-backend',
        'migrations',
      );
      // The two migrations before evidence files, then an attestation as that schema held it.
      await knex.migrate.up({ directory });
      await knex.migrate.up({ directory });
      expect(await knex.schema.hasTable('compliance_attestation_files')).toBe(
        false,
      );
      await knex('compliance_attestations').insert({
        id: w1,
        check_id: 'attestation:pen-test',
        scope_kind: 'entity',
        scope_id: 'system:default/sparki',
        attested_by: bob,
        evidence: JSON.stringify({ url: 'https://example.com/pentest.pdf' }),
        attested_at: '2026-11-20T00:00:00.000Z',
        expires_at: '2027-11-20T00:00:00.000Z',
        note: null,
        recorded_at: '2026-12-02T10:00:00.000Z',
      });
      const store = await KnexComplianceStore.create({
        database: { getClient: async () => knex },
      });
      expect(await store.listAttestations({})).toEqual([
        {
          attestation: {
            id: w1,
            checkId: 'attestation:pen-test',
            scope: { kind: 'entity', id: 'system:default/sparki' },
            attestedBy: bob,
            evidence: { url: 'https://example.com/pentest.pdf' },
            attestedAt: '2026-11-20T00:00:00.000Z',
            expiresAt: '2027-11-20T00:00:00.000Z',
            recordedAt: '2026-12-02T10:00:00.000Z',
          },
        },
      ]);
      expect(await store.getEvidenceFile(w1)).toBeUndefined();
    });

    it('acknowledges a detection once', async () => {
      const { store } = await createStore(databaseId);
      const ack = {
        eventId: 'evt-1',
        ruleId: 'root-account-usage',
        acknowledgedBy: bob,
        acknowledgedAt: '2026-12-02T10:00:00.000Z',
        note: 'break-glass drill',
      };
      expect(await store.insertAcknowledgement(ack)).toBe(true);
      expect(await store.insertAcknowledgement({ ...ack, note: 'again' })).toBe(
        false,
      );
      expect(
        await store.listAcknowledgements({ ruleId: 'root-account-usage' }),
      ).toEqual([ack]);
      expect(await store.listAcknowledgements({ ruleId: 'other' })).toEqual([]);
    });

    it('claims a notification once', async () => {
      const { store } = await createStore(databaseId);
      const at = '2026-12-02T10:00:00.000Z';
      expect(await store.claimNotification('waiver-expiring:w1', at)).toBe(
        true,
      );
      expect(await store.claimNotification('waiver-expiring:w1', at)).toBe(
        false,
      );
      expect(await store.claimNotification('waiver-expiring:w2', at)).toBe(
        true,
      );
    });

    it('answers the history, the latest per series and the snapshot as of a time', async () => {
      const { store } = await createStore(databaseId);
      await store.insertScoreSnapshots([
        snapshot('s1', '2026-12-01T00:00:00.000Z', prod, 0.25),
        snapshot('s2', '2026-12-02T00:00:00.000Z', prod, 0.5),
        snapshot('s3', '2026-12-03T00:00:00.000Z', prod, 0.75),
        snapshot('r1', '2026-12-02T00:00:00.000Z', undefined, 0.4),
      ]);
      const history = await store.scoreHistory({
        frameworkId: 'cis-kubernetes',
        scope: prod,
        from: '2026-12-02T00:00:00.000Z',
        limit: 10,
      });
      expect(history.map(s => s.id)).toEqual(['s2', 's3']);
      expect(history[0]).toEqual(
        snapshot('s2', '2026-12-02T00:00:00.000Z', prod, 0.5),
      );
      expect(
        (
          await store.scoreHistory({
            frameworkId: 'cis-kubernetes',
            scope: prod,
            limit: 2,
          })
        ).map(s => s.id),
      ).toEqual(['s2', 's3']);
      expect(
        (
          await store.scoreHistory({ frameworkId: 'cis-kubernetes', limit: 9 })
        ).map(s => [s.id, s.scope]),
      ).toEqual([['r1', undefined]]);
      expect(
        (await store.latestScoreSnapshots()).map(s => s.id).sort(),
      ).toEqual(['r1', 's3']);
      expect(
        (
          await store.scoreSnapshotAt(
            'cis-kubernetes',
            prod,
            '2026-12-02T23:59:59.999Z',
          )
        )?.id,
      ).toBe('s2');
      expect(
        await store.scoreSnapshotAt(
          'cis-kubernetes',
          prod,
          '2026-11-30T00:00:00.000Z',
        ),
      ).toBeUndefined();
    });
  },
);
