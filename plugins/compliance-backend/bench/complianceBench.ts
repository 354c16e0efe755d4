/*
 * `yarn bench:compliance`:
 *   1. the evidence pack of CIS Kubernetes over 100,000 findings (every check in as many generated
 *      clusters as that takes, one in ten failing with two objects each): time to build and
 *      stream the tar.gz, and the process's peak RSS; targets: < 60 s, peak RSS < 1 GiB;
 *   2. the API over a 10,000-finding evaluation, through the real router on a local HTTP port:
 *      overview, framework, one scope's framework page, the first and last page of 100 scopes
 *      and a control page (first page of 100);
 *      target p95 < 100 ms each;
 *   3. the overview and a control page over 10,000 findings in headless Chromium, interactive in
 *      < 1.5 s (chromiumBench.ts; needs the app's production build).
 * The findings come from an in-memory source (the posture backend is not what is measured); the
 * evaluation is cached, as it is when served.
 */
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { defaultEvidenceFileMaxBytes } from '../src/config';
import { createRouter } from '../src/router';
import {
  findingsPerScope,
  generatedPackService,
} from '../src/evidence/__testUtils__/generatedFindings';
import { RegisterService } from '../src/service/RegisterService';
import { ScoreSnapshotService } from '../src/service/ScoreSnapshotService';
import { benchChromium } from './chromiumBench';

const PACK_FINDINGS = 100_000;
const API_FINDINGS = 10_000;
const API_RUNS = 200;
const PACK_SECONDS_TARGET = 60;
const PACK_RSS_TARGET_MB = 1024;
const API_P95_TARGET_MS = 100;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function benchPack() {
  const scopes = Math.ceil(PACK_FINDINGS / findingsPerScope);
  const { packs } = generatedPackService(scopes);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  const pack = await packs.build({
    frameworkId: 'cis-kubernetes',
    from: new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString(),
    to: new Date().toISOString(),
    generatedBy: 'user:default/bench',
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/bench' },
    },
  });
  let archiveBytes = 0;
  await pack.writeTo(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        archiveBytes += chunk.length;
        done();
      },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const files = pack.manifest.files.reduce((n, f) => n + f.bytes, 0);
  await pack.dispose();
  const ok = seconds < PACK_SECONDS_TARGET && mb(peakRss) < PACK_RSS_TARGET_MB;
  console.log(
    `evidence pack, ${pack.findings} findings: ${seconds.toFixed(1)} s ` +
      `(target < ${PACK_SECONDS_TARGET} s), peak RSS ${mb(peakRss)} MiB ` +
      `(target < ${PACK_RSS_TARGET_MB} MiB); files ${mb(files)} MiB, ` +
      `archive ${mb(archiveBytes)} MiB, manifest ${pack.manifestSha256.slice(
        0,
        12,
      )}… ${ok ? 'OK' : 'MISSED'}`,
  );
  return ok;
}

function p95(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1];
}

async function benchApi() {
  const scopes = Math.ceil(API_FINDINGS / findingsPerScope);
  const { compliance, packs } = generatedPackService(scopes);
  await compliance.evaluation();
  // Signed in as a user who may do everything: authentication is not what is measured.
  const httpAuth = {
    credentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/bench' },
    }),
  } as unknown as HttpAuthService;
  const router = await createRouter({
    compliance,
    registers: {} as RegisterService,
    snapshots: {} as ScoreSnapshotService,
    evidencePacks: packs,
    httpAuth,
    permissions: {} as PermissionsService,
    auditor: {} as AuditorService,
    evidenceFileMaxBytes: defaultEvidenceFileMaxBytes,
  });
  const app = express().use('/api/compliance', router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/compliance`;
  let ok = true;
  try {
    for (const path of [
      '/overview',
      '/frameworks/cis-kubernetes',
      '/frameworks/cis-kubernetes?scope=cluster:cluster-0',
      '/frameworks/cis-kubernetes/scopes?offset=0&limit=100',
      `/frameworks/cis-kubernetes/scopes?offset=${Math.max(
        0,
        scopes - 100,
      )}&limit=100`,
      '/frameworks/cis-kubernetes/controls/5.2.3?limit=100',
    ]) {
      const samples: number[] = [];
      for (let run = 0; run < API_RUNS; run++) {
        const started = performance.now();
        const response = await fetch(`${base}${path}`);
        await response.arrayBuffer();
        samples.push(performance.now() - started);
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
      }
      const value = p95(samples);
      const met = value < API_P95_TARGET_MS;
      ok &&= met;
      console.log(
        `GET ${path} over ${
          scopes * findingsPerScope
        } findings: p95 ${value.toFixed(
          1,
        )} ms (target < ${API_P95_TARGET_MS} ms) ${met ? 'OK' : 'MISSED'}`,
      );
    }
  } finally {
    server.close();
  }
  return ok;
}

async function main() {
  const pack = await benchPack();
  const api = await benchApi();
  const browser = await benchChromium();
  if (!api || !pack || !browser) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
