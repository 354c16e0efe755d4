import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EvidencePackManifest,
  evidencePackManifestHeader,
  evidencePackPath,
  RawCheckResult,
} from '@sparki/compliance-common';
import { ComplianceCheckSource } from '@sparki/compliance-node';
import { createHash } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { extract, list } from 'tar';
import { compliancePlugin } from '../plugin';
import { checkSourceModule } from '../__testUtils__/checkSourceModule';

jest.setTimeout(60_000);

const prod = { kind: 'cluster' as const, id: 'sparki-prod' };
const hostPid = 'posture-control:workload-host-pid';
const sourceHash = createHash('sha256')
  .update('posture snapshot 7')
  .digest('hex');

/** CIS 5.2.3 fails in sparki-prod behind one pod whose name is a spreadsheet formula. */
function testSource(): ComplianceCheckSource {
  const observedAt = new Date().toISOString();
  const result = (
    checkId: string,
    state: RawCheckResult['state'],
  ): RawCheckResult => ({
    checkId,
    scope: prod,
    state,
    observedAt,
    population: { applicable: 3, failing: state === 'fail' ? 1 : 0 },
  });
  return {
    id: 'test-source',
    handles: checkId => checkId.startsWith('posture-control:'),
    async collect() {
      return {
        results: [
          result(hostPid, 'fail'),
          result('posture-control:workload-privileged-containers', 'pass'),
        ],
        snapshots: [
          {
            source: 'test-source',
            id: 'cluster:sparki-prod:snapshot:7',
            sha256: sourceHash,
            takenAt: observedAt,
          },
        ],
        problems: [],
      };
    },
    async listResources({ cursor }) {
      return cursor
        ? {
            items: [
              {
                kind: 'Pod',
                name: '=HYPERLINK("http://evil")',
                namespace: 'monitoring',
                state: 'fail' as const,
                message: 'pod shares the host PID namespace',
                ref: { source: 'posture-control' as const, id: '18' },
              },
            ],
          }
        : {
            items: [
              {
                kind: 'Pod',
                name: 'node-agent-x1',
                namespace: 'monitoring',
                state: 'fail' as const,
                message: 'pod shares the host PID namespace',
                ref: { source: 'posture-control' as const, id: '17' },
              },
            ],
            nextCursor: 'page-2',
          };
    },
  };
}

async function startBackend(
  permissions?: ReturnType<typeof mockServices.permissions.mock>,
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const scheduler = mockServices.scheduler.mock();
  scheduler.triggerTask.mockResolvedValue(undefined);
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      checkSourceModule('test-source', testSource()),
      mockServices.rootConfig.factory({ data: { compliance: {} } }),
      scheduler.factory,
      auditor.factory,
      ...(permissions ? [permissions.factory] : []),
    ],
  });
  const [{ fn: snapshotTask }] = scheduler.scheduleTask.mock.calls[0];
  return {
    server,
    auditor,
    event,
    takeSnapshots: snapshotTask as () => Promise<void>,
  };
}

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');
const inDays = (days: number) =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

/** Supertest collects a binary body as a Buffer with this parser. */
function binary(res: any, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Unpacks a downloaded pack: its entries in archive order and the directory they are in. */
async function unpack(archive: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'evidence-test-'));
  const file = join(dir, 'pack.tar.gz');
  await writeFile(file, archive);
  const entries: string[] = [];
  await list({ file, onReadEntry: entry => entries.push(entry.path) });
  const out = join(dir, 'pack');
  await mkdir(out);
  await extract({ file, cwd: out });
  return { dir, out, entries };
}

describe('GET /evidence-pack', () => {
  it('streams a pack whose manifest lists every file with its hash, and the manifest hash in a header', async () => {
    const { server, auditor, event, takeSnapshots } = await startBackend();
    await takeSnapshots();
    const created = await request(server)
      .post('/api/compliance/waivers')
      .set('Authorization', as('alice'))
      .send({
        checkId: hostPid,
        scope: prod,
        reason: 'the node agent needs the host PID namespace until v2',
        expiresAt: inDays(90),
      });
    expect(created.status).toBe(201);
    const approved = await request(server)
      .post(`/api/compliance/waivers/${created.body.id}/approve`)
      .set('Authorization', as('bob'))
      .send({});
    expect(approved.status).toBe(200);

    const from = inDays(-30);
    const to = inDays(1);
    const response = await request(server)
      .get(
        `/api/compliance${evidencePackPath({
          framework: 'cis-kubernetes',
          scope: 'cluster:sparki-prod',
          from,
          to,
        })}`,
      )
      .set('Authorization', as('bob'))
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/gzip');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="evidence-cis-kubernetes-cluster_sparki-prod-.*\.tar\.gz"$/,
    );
    const headerHash =
      response.headers[evidencePackManifestHeader.toLowerCase()];
    expect(headerHash).toMatch(/^[0-9a-f]{64}$/);

    const { dir, out, entries } = await unpack(response.body);
    try {
      // The manifest comes first, then exactly the files it lists.
      const manifestBytes = await readFile(join(out, 'manifest.json'));
      expect(sha256(manifestBytes)).toBe(headerHash);
      const manifest: EvidencePackManifest = JSON.parse(
        manifestBytes.toString('utf8'),
      );
      expect(entries[0]).toBe('manifest.json');
      expect(entries.slice(1)).toEqual(manifest.files.map(f => f.path));
      expect((await readdir(out)).sort()).toEqual(
        ['manifest.json', ...manifest.files.map(f => f.path)].sort(),
      );
      for (const file of manifest.files) {
        const bytes = await readFile(join(out, file.path));
        expect({ path: file.path, sha256: sha256(bytes) }).toEqual({
          path: file.path,
          sha256: file.sha256,
        });
        expect(bytes.length).toBe(file.bytes);
      }
      expect(manifest.files.map(f => f.path)).toEqual([
        'attestations.csv',
        'attestations.json',
        'controls.csv',
        'controls.json',
        'failing-objects.csv',
        'failing-objects.json',
        'oscal-assessment-results.json',
        'results.csv',
        'results.json',
        'score-history.csv',
        'score-history.json',
        'score.json',
        'source-snapshots.csv',
        'source-snapshots.json',
        'waivers.csv',
        'waivers.json',
      ]);
      expect(manifest).toMatchObject({
        packFormatVersion: 1,
        framework: { id: 'cis-kubernetes', version: '1.12.0' },
        methodVersion: expect.any(String),
        scope: prod,
        period: {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        },
        generatedBy: 'user:default/bob',
      });

      const read = async (path: string) =>
        JSON.parse(await readFile(join(out, path), 'utf8'));
      const results = await read('results.json');
      const controls = await read('controls.json');
      // One result per control and required check, a check no source reported as unknown.
      const framework = manifest.framework.id;
      expect(results.length).toBe(
        controls.reduce((n: number, c: any) => n + c.checks.length, 0),
      );
      expect(results).toContainEqual(
        expect.objectContaining({
          frameworkId: framework,
          controlId: '5.2.3',
          result: expect.objectContaining({
            checkId: hostPid,
            state: 'waived',
            raw: expect.objectContaining({ state: 'fail' }),
          }),
        }),
      );
      expect(controls.find((c: any) => c.id === '5.2.3')).toMatchObject({
        status: 'waived',
        checks: [hostPid],
        populationApplicable: 3,
        populationFailing: 1,
      });
      const resultsCsv = (await readFile(join(out, 'results.csv'), 'utf8'))
        .trim()
        .split('\n');
      expect(resultsCsv.length).toBe(results.length + 1);

      // Both pages of the failing objects; a formula in a name stays text in the CSV.
      const objects = await read('failing-objects.json');
      expect(objects.map((o: any) => o.object.ref.id)).toEqual(['17', '18']);
      const objectsCsv = await readFile(
        join(out, 'failing-objects.csv'),
        'utf8',
      );
      expect(objectsCsv).toContain(`"'=HYPERLINK(""http://evil"")"`);

      // OSCAL: one observation per result, one finding per control relating exactly its results.
      const oscal = (await read('oscal-assessment-results.json'))[
        'assessment-results'
      ];
      expect(oscal.metadata).toMatchObject({
        'oscal-version': '1.0.6',
        parties: [{ type: 'person', name: 'user:default/bob' }],
      });
      const [assessed] = oscal.results;
      expect(assessed).toMatchObject({
        start: new Date(from).toISOString(),
        end: new Date(to).toISOString(),
      });
      expect(assessed.observations.length).toBe(results.length);
      expect(assessed.findings.length).toBe(controls.length);
      const uuid =
        /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
      const token = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
      const observationIds = new Set(
        assessed.observations.map((o: any) => o.uuid),
      );
      expect(observationIds.size).toBe(results.length);
      for (const id of [oscal.uuid, assessed.uuid, ...observationIds]) {
        expect(id).toMatch(uuid);
      }
      const related = assessed.findings.flatMap((f: any) =>
        f['related-observations'].map((r: any) => r['observation-uuid']),
      );
      expect(new Set(related)).toEqual(observationIds);
      const byControl = new Map(
        assessed.findings.map((f: any) => [f.target['target-id'], f]),
      );
      for (const control of controls) {
        const finding: any = byControl.get(`cis-kubernetes-${control.id}`);
        expect(finding.target['target-id']).toMatch(token);
        // Only a satisfied control is satisfied: waived and unknown are not.
        expect(finding.target.status.state).toBe(
          control.status === 'satisfied' ? 'satisfied' : 'not-satisfied',
        );
        expect(finding['related-observations'].length).toBe(
          results.filter((r: any) => r.controlId === control.id).length,
        );
      }
      const waivedObservation = assessed.observations.find((o: any) =>
        o.props.some((p: any) => p.name === 'state' && p.value === 'waived'),
      );
      expect(waivedObservation.props).toContainEqual(
        expect.objectContaining({ name: 'raw-state', value: 'fail' }),
      );

      const waivers = await read('waivers.json');
      expect(waivers).toEqual([
        expect.objectContaining({
          id: created.body.id,
          requester: 'user:default/alice',
          state: 'approved',
          decision: expect.objectContaining({ by: 'user:default/bob' }),
        }),
      ]);
      expect(await read('attestations.json')).toEqual([]);
      expect(
        (await readFile(join(out, 'attestations.csv'), 'utf8')).split('\n')[0],
      ).toMatch(/^"id","checkId","scope","state"/);

      // The source snapshot hashes are those the source gave and the score history stored.
      const history = await request(server)
        .get(
          `/api/compliance/history?framework=cis-kubernetes&scope=cluster:sparki-prod`,
        )
        .set('Authorization', as('bob'));
      const stored = history.body.points.flatMap((p: any) => p.sources);
      expect(stored.length).toBeGreaterThan(0);
      expect((await read('score-history.json')).map((p: any) => p.id)).toEqual(
        history.body.points.map((p: any) => p.id),
      );
      const snapshots = await read('source-snapshots.json');
      expect(snapshots).toEqual([
        expect.objectContaining({
          source: 'test-source',
          id: 'cluster:sparki-prod:snapshot:7',
          sha256: sourceHash,
          inEvaluation: true,
          scoreSnapshots: history.body.points.length,
        }),
      ]);
      for (const ref of stored) {
        expect(snapshots).toContainEqual(
          expect.objectContaining({ sha256: ref.sha256, id: ref.id }),
        );
      }
      expect(manifest.sources).toEqual([
        expect.objectContaining({ sha256: sourceHash }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'compliance-evidence-pack-download',
      }),
    );
    expect(event.success).toHaveBeenLastCalledWith({
      meta: expect.objectContaining({
        framework: 'cis-kubernetes',
        scope: 'cluster:sparki-prod',
        manifestSha256: headerHash,
        files: 16,
      }),
    });
  });

  it('refuses a caller without compliance.evidence-pack.read, and records the refusal', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const { server, event } = await startBackend(permissions);
    const response = await request(server)
      .get('/api/compliance/evidence-pack?framework=cis-kubernetes')
      .set('Authorization', as('mallory'));
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Missing permission compliance.evidence-pack.read',
    );
    expect(event.fail).toHaveBeenCalled();
    expect(event.success).not.toHaveBeenCalled();
  });

  it('answers bad queries with 4xx naming the problem', async () => {
    const { server } = await startBackend();
    const get = (query: string) =>
      request(server)
        .get(`/api/compliance/evidence-pack?${query}`)
        .set('Authorization', as('bob'));
    const missing = await get('scope=cluster:sparki-prod');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      'Invalid query: framework: is required',
    );
    const reversed = await get(
      'framework=cis-kubernetes&from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toBe(
      'Invalid query: from: must be before to',
    );
    const badScope = await get('framework=cis-kubernetes&scope=galaxy:far');
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.message).toMatch(/^Invalid query: scope: /);
    const unknown = await get('framework=iso-27001');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^no framework iso-27001/);
    const anonymous = await request(server)
      .get('/api/compliance/evidence-pack?framework=cis-kubernetes')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(anonymous.status).toBe(401);
  });
});
