import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  attestationEvidenceFilePath,
  EvidencePackManifest,
  evidencePackPath,
} from '@sparki/compliance-common';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { extract } from 'tar';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { compliancePlugin } from './plugin';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const maxBytes = 4096;
const sparki = { kind: 'entity' as const, id: 'system:default/sparki' };
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);
const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const attestation = () => ({
  checkId: 'attestation:pen-test',
  scope: sparki,
  evidence: {},
  attestedAt: new Date(Date.now() - 60_000).toISOString(),
  expiresAt: new Date(Date.now() + 300 * 24 * 60 * 60 * 1000).toISOString(),
});

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
      mockServices.rootConfig.factory({
        data: {
          compliance: {
            cacheSeconds: 0,
            attestationScopes: [sparki],
            evidenceFiles: { maxBytes },
          },
        },
      }),
      scheduler.factory,
      auditor.factory,
      ...(permissions ? [permissions.factory] : []),
    ],
  });
  return { server, auditor, event };
}

/** Supertest collects a binary body as a Buffer with this parser. */
function binary(res: any, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function upload(
  server: Parameters<typeof request>[0],
  file: { content: Buffer; filename: string; contentType: string },
  user = 'bob',
) {
  return request(server)
    .post('/api/compliance/attestations')
    .set('Authorization', as(user))
    .field('attestation', JSON.stringify(attestation()))
    .attach('file', file.content, {
      filename: file.filename,
      contentType: file.contentType,
    });
}

describe('evidence files', () => {
  it('stores an uploaded file with its attestation and serves it back as an attachment', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, event } = await startBackend();
    const created = await upload(server, {
      content: pdf,
      // Path segments, markup and a colon go; letters of any script stay.
      filename: '../../etc/pen<test>: отчёт.pdf',
      contentType: 'application/pdf',
    });
    expect(created.status).toBe(201);
    expect(contract('post', '/attestations', 201, created.body)).toEqual([]);
    const file = {
      name: 'pen_test_ отчёт.pdf',
      contentType: 'application/pdf',
      bytes: pdf.length,
      sha256: sha256(pdf),
    };
    expect(created.body).toMatchObject({
      attestedBy: 'user:default/bob',
      evidence: { file },
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'compliance-attestation-create' }),
    );
    expect(event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        attestationId: created.body.id,
        evidenceFile: file,
      }),
    });

    const list = await request(server)
      .get('/api/compliance/attestations?checkId=attestation:pen-test')
      .set('Authorization', as('alice'));
    expect(contract('get', '/attestations', 200, list.body)).toEqual([]);
    expect(list.body.items[0].evidence).toEqual({ file });

    const download = await request(server)
      .get(`/api/compliance${attestationEvidenceFilePath(created.body.id)}`)
      .set('Authorization', as('alice'))
      .buffer(true)
      .parse(binary);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    // Quoted ASCII fallback and the exact name in RFC 5987 form; never inline.
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="pen_test_ ?????.pdf"; filename*=UTF-8''pen_test_%20%D0%BE%D1%82%D1%87%D1%91%D1%82.pdf`,
    );
    expect(sha256(download.body)).toBe(file.sha256);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'compliance-evidence-file-download',
      }),
    );

    // Both a link and a file; JSON keeps working for a link alone.
    const both = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .field(
        'attestation',
        JSON.stringify({
          ...attestation(),
          evidence: { url: 'https://docs.example.com/pentest.pdf' },
        }),
      )
      .attach('file', Buffer.from('# Findings\n\nNone.\n'), {
        filename: 'findings.md',
        contentType: 'text/markdown',
      });
    expect(both.status).toBe(201);
    expect(both.body.evidence).toMatchObject({
      url: 'https://docs.example.com/pentest.pdf',
      file: { name: 'findings.md', contentType: 'text/markdown' },
    });
    const linkOnly = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .send({
        ...attestation(),
        evidence: { url: 'https://docs.example.com/pentest.pdf' },
      });
    expect(linkOnly.status).toBe(201);
    const noFile = await request(server)
      .get(`/api/compliance${attestationEvidenceFilePath(linkOnly.body.id)}`)
      .set('Authorization', as('alice'));
    expect(noFile.status).toBe(404);
    expect(noFile.body.error.message).toMatch(/has no evidence file/);
  });

  it('refuses a file over the limit (413) and types outside the allowlist or not matching the content (415)', async () => {
    const { server } = await startBackend();
    const tooBig = await upload(server, {
      content: Buffer.concat([pdf, Buffer.alloc(maxBytes)]),
      filename: 'big.pdf',
      contentType: 'application/pdf',
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toBe(
      'evidence file: larger than 4.0 KiB, the most compliance.evidenceFiles.maxBytes allows',
    );

    const html = await upload(server, {
      content: Buffer.from('<script>alert(1)</script>'),
      filename: 'report.html',
      contentType: 'text/html',
    });
    expect(html.status).toBe(415);
    expect(html.body.error.message).toMatch(
      /^evidence file: type text\/html is not accepted; allowed: application\/pdf, image\/png/,
    );
    const disguised = await upload(server, {
      content: Buffer.from('<svg onload="alert(1)"/>'),
      filename: 'chart.png',
      contentType: 'image/png',
    });
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.message).toBe(
      'evidence file: declared image/png, but the content is not a PNG image',
    );

    const claimed = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .send({
        ...attestation(),
        evidence: {
          file: {
            name: 'x.pdf',
            contentType: 'application/pdf',
            bytes: 1,
            sha256: 'a'.repeat(64),
          },
        },
      });
    expect(claimed.status).toBe(400);
    expect(claimed.body.error.message).toMatch(
      /evidence\.file: is read from the uploaded file part/,
    );
    const neither = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .field('attestation', JSON.stringify(attestation()));
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toBe(
      'Invalid body: evidence: give an https link (url), upload a file, or both',
    );
    const notJson = await request(server)
      .post('/api/compliance/attestations')
      .set('Authorization', as('bob'))
      .field('attestation', '{')
      .attach('file', pdf, {
        filename: 'a.pdf',
        contentType: 'application/pdf',
      });
    expect(notJson.status).toBe(400);
    const twoFiles = await upload(server, {
      content: pdf,
      filename: 'a.pdf',
      contentType: 'application/pdf',
    }).attach('file', pdf, {
      filename: 'b.pdf',
      contentType: 'application/pdf',
    });
    expect(twoFiles.status).toBe(400);

    const list = await request(server)
      .get('/api/compliance/attestations')
      .set('Authorization', as('bob'));
    expect(list.body.items).toEqual([]);
  });

  it('needs compliance.attest to upload and compliance.evidence-pack.read to download', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(({ permission }) => ({
        result:
          permission.name === 'compliance.attest'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    const { server, event } = await startBackend(permissions);
    const created = await upload(server, {
      content: pdf,
      filename: 'pentest.pdf',
      contentType: 'application/pdf',
    });
    expect(created.status).toBe(201);
    const download = await request(server)
      .get(`/api/compliance${attestationEvidenceFilePath(created.body.id)}`)
      .set('Authorization', as('bob'));
    expect(download.status).toBe(403);
    expect(download.body.error.message).toBe(
      'Missing permission compliance.evidence-pack.read',
    );
    expect(event.fail).toHaveBeenCalled();

    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const refused = await upload(server, {
      content: pdf,
      filename: 'pentest.pdf',
      contentType: 'application/pdf',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Missing permission compliance.attest',
    );
  });

  it('puts the file in the evidence pack, listed with its SHA-256 and as an OSCAL resource', async () => {
    const { server } = await startBackend();
    const created = await upload(server, {
      content: pdf,
      filename: 'pentest.pdf',
      contentType: 'application/pdf',
    });
    expect(created.status).toBe(201);
    const response = await request(server)
      .get(
        `/api/compliance${evidencePackPath({
          framework: 'production-hardening',
          scope: 'entity:system:default/sparki',
        })}`,
      )
      .set('Authorization', as('bob'))
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    const dir = await mkdtemp(join(tmpdir(), 'evidence-file-test-'));
    try {
      await writeFile(join(dir, 'pack.tar.gz'), response.body);
      await mkdir(join(dir, 'pack'));
      await extract({ file: join(dir, 'pack.tar.gz'), cwd: join(dir, 'pack') });
      const read = (path: string) => readFile(join(dir, 'pack', path));
      const manifest: EvidencePackManifest = JSON.parse(
        (await read('manifest.json')).toString('utf8'),
      );
      const path = `attestation-files/${created.body.id}/pentest.pdf`;
      expect(manifest.files).toContainEqual(
        expect.objectContaining({
          path,
          sha256: sha256(pdf),
          bytes: pdf.length,
        }),
      );
      expect((await read(path)).equals(pdf)).toBe(true);
      const [row] = JSON.parse((await read('attestations.json')).toString());
      expect(row.evidence.file.sha256).toBe(sha256(pdf));
      expect((await read('attestations.csv')).toString()).toContain(
        `"${path}"`,
      );

      const oscal = JSON.parse(
        (await read('oscal-assessment-results.json')).toString(),
      )['assessment-results'];
      expect(oscal['back-matter'].resources).toEqual([
        expect.objectContaining({
          title: 'pentest.pdf',
          rlinks: [
            {
              href: path,
              'media-type': 'application/pdf',
              hashes: [{ algorithm: 'SHA-256', value: sha256(pdf) }],
            },
          ],
        }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
