import { mockCredentials } from '@backstage/backend-test-utils';
import { Writable } from 'node:stream';
import {
  findingsPerScope,
  generatedPackService,
} from './__testUtils__/generatedFindings';

// 100,000 findings written, hashed and compressed on a loaded 2-core machine: minutes at worst.
jest.setTimeout(300_000);

/** Counts what the archive would send, keeping none of it. */
function countingSink() {
  const sink = { bytes: 0 };
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  });
  return { sink, out };
}

describe('evidence pack at scale', () => {
  it('packs over 100,000 findings while the heap grows far less than the files written', async () => {
    const scopes = Math.ceil(100_000 / findingsPerScope);
    const { compliance, packs } = generatedPackService(scopes);
    // The evaluation is held for serving anyway; measure what the pack adds on top of it.
    await compliance.evaluation();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    let pack;
    try {
      pack = await packs.build({
        frameworkId: 'cis-kubernetes',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-12-31T00:00:00.000Z',
        generatedBy: 'user:default/bob',
        credentials: mockCredentials.user('user:default/bob'),
      });
      const { sink, out } = countingSink();
      await pack.writeTo(out);
      expect(sink.bytes).toBeGreaterThan(0);
    } finally {
      clearInterval(sampler);
    }
    try {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      const written = pack.manifest.files.reduce((n, f) => n + f.bytes, 0);
      const results = pack.manifest.files.find(f => f.path === 'results.json')!;
      expect(pack.findings).toBeGreaterThanOrEqual(100_000);
      expect(results.rows).toBe(pack.findings);
      const growth = peak - baseline;
      // Holding the files would grow the heap by at least their size; streamed, it grows by
      // the pages in flight and not yet collected garbage (about a quarter here).
      expect(written).toBeGreaterThan(64 * 1024 * 1024);
      expect(growth).toBeLessThan(written / 2);
    } finally {
      await pack.dispose();
    }
  });
});
