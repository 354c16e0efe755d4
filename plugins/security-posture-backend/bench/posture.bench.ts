/* eslint-disable no-console */
/**
 * `yarn bench:posture`: a synthetic cluster of 10,000 pods, 2,000 RBAC objects and 500
 * NetworkPolicies. Prints, from one run:
 * - JSON.parse time of the cluster's JSON and evaluation (+ scoring) time of the parsed inventory,
 *   medians over interleaved rounds after a warm-up, and their ratio, also in CPU time (steadier
 *   on a loaded machine) (target ≤ 1.0: judging a cluster costs no more than reading it);
 * - a full scan through the fake Kubernetes API server with paging (collection through
 *   @kubernetes/client-node, evaluation, scoring, storage in SQLite) (target ≤ 5 s);
 * - peak RSS of the process (target ≤ 512 MB).
 */
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterInventory,
  emptyInventory,
} from '@sparki/security-posture-common';
import knexFactory from 'knex';
import { PostureOptions } from '../src/config/clusters';
import { createCommonEngine } from '../src/service/commonEngine';
import { PostureMetrics } from '../src/service/metrics';
import { PostureEngine } from '../src/service/PostureEngine';
import { ScanService } from '../src/service/ScanService';
import { KnexPostureStore } from '../src/store/KnexPostureStore';
import { startFakeKubeApiServer } from '@sparki/fake-kube-api';
import { syntheticCluster } from '../src/__testUtils__/syntheticCluster';

const size = {
  namespaces: 100,
  pods: 10_000,
  rbacObjects: 2_000,
  networkPolicies: 500,
};
const targets = { ratio: 1.0, scanSeconds: 5, rssMegabytes: 512 };

interface Figures {
  wallMs: number;
  minWallMs: number;
  maxWallMs: number;
  cpuMs: number;
}

/** `median ms (min–max), CPU median ms`. */
function describe(figures: Figures): string {
  return `${figures.wallMs.toFixed(1)} ms (${figures.minWallMs.toFixed(
    0,
  )}–${figures.maxWallMs.toFixed(0)}), CPU ${figures.cpuMs.toFixed(1)} ms`;
}

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Collects garbage when node runs with --expose-gc (as `yarn bench:posture` does). */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/**
 * Times `fn` on the wall clock and in CPU time of this process (less disturbed by other
 * processes on a loaded machine). Garbage is collected first so that one run's leftovers neither
 * pause the next nor pile up in the heap.
 */
function timed<T>(fn: () => T): { sample: Sample; value: T } {
  collectGarbage();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = fn();
  const wallMs = milliseconds(start);
  const cpu = process.cpuUsage(cpuStart);
  return { sample: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

const silentLogger: LoggerService = {
  info: () => {},
  warn: message => console.warn(message),
  error: message => console.error(message),
  debug: () => {},
  child: () => silentLogger,
};

const warmUpRounds = 3;
const measuredRounds = 9;

/**
 * Parse and evaluation of the same payload, interleaved: each round parses the payload, then
 * evaluates and scores the inventory it just parsed (so no run reuses another's caches), and a
 * burst of load from other processes hits both figures alike. The first rounds only warm up the
 * JIT; figures are medians of the measured rounds. In a function so its copies are freed after.
 */
function parseAndEvaluate(
  objects: ClusterInventory['objects'],
  engine: PostureEngine,
) {
  const payload = JSON.stringify(objects);
  const parse: Sample[] = [];
  const evaluation: Sample[] = [];
  for (let round = 0; round < warmUpRounds + measuredRounds; round++) {
    const parsed = timed(
      () => JSON.parse(payload) as ClusterInventory['objects'],
    );
    const inventory: ClusterInventory = {
      ...emptyInventory('bench', new Date().toISOString()),
      objects: parsed.value,
    };
    const evaluated = timed(() => engine.score(engine.evaluate(inventory)));
    if (round >= warmUpRounds) {
      parse.push(parsed.sample);
      evaluation.push(evaluated.sample);
    }
  }
  const figures = (samples: Sample[]): Figures => ({
    wallMs: median(samples.map(s => s.wallMs)),
    minWallMs: Math.min(...samples.map(s => s.wallMs)),
    maxWallMs: Math.max(...samples.map(s => s.wallMs)),
    cpuMs: median(samples.map(s => s.cpuMs)),
  });
  return {
    payloadBytes: payload.length,
    parse: figures(parse),
    evaluation: figures(evaluation),
  };
}

async function main() {
  const objects = syntheticCluster(size);
  const engine = createCommonEngine();
  const { payloadBytes, parse, evaluation } = parseAndEvaluate(objects, engine);
  const ratio = evaluation.wallMs / parse.wallMs;
  const cpuRatio = evaluation.cpuMs / parse.cpuMs;
  collectGarbage();

  const token = 'bench-token';
  const server = await startFakeKubeApiServer({ objects, token });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await db.migrate.latest({
    directory: path.resolve(__dirname, '../migrations'),
  });
  const options: PostureOptions = {
    clusters: [
      {
        type: 'api',
        name: 'bench',
        url: server.url,
        skipTLSVerify: true,
        auth: { provider: 'serviceAccount', token },
      },
    ],
    schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
    scanOnStartup: false,
    requestTimeoutMs: 30_000,
    pageSize: 500,
    skipNamespaces: [],
    retentionDays: 90,
    unsupported: [],
  };
  const scans = new ScanService({
    options,
    store: new KnexPostureStore(db),
    engine,
    metrics: new PostureMetrics(),
    logger: silentLogger,
  });
  const scanStart = process.hrtime.bigint();
  const snapshot = await scans.scanCluster('bench');
  const scanMs = milliseconds(scanStart);
  const pageRequests = server.requests.length;
  const storedInventory = await db('posture_inventories').first(
    'json_bytes',
    'inventory',
  );
  await server.close();
  await db.destroy();

  const rssMegabytes = (process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER TARGET');
  const rows: Array<[string, string, string]> = [
    [
      'cluster',
      `${objects.pods.length} pods, ${
        objects.deployments.length + objects.replicasets.length
      } workloads, ${size.rbacObjects} RBAC objects, ${
        objects.networkpolicies.length
      } NetworkPolicies, ${objects.namespaces.length} namespaces`,
      '',
    ],
    ['payload', `${(payloadBytes / 1024 / 1024).toFixed(1)} MB JSON`, ''],
    ['JSON.parse', describe(parse), ''],
    [
      'evaluation + scoring',
      `${describe(evaluation)}, ${engine.controls().length} controls`,
      '',
    ],
    [
      'evaluation / parse',
      `${ratio.toFixed(2)} (CPU time: ${cpuRatio.toFixed(2)})`,
      `target ≤ ${targets.ratio.toFixed(1)}: ${verdict(
        ratio <= targets.ratio,
      )}`,
    ],
    [
      'full scan (API, paging 500)',
      `${(scanMs / 1000).toFixed(2)} s, ${pageRequests} list requests, ${
        snapshot.findingCount
      } findings stored, score ${snapshot.score}`,
      `target ≤ ${targets.scanSeconds} s: ${verdict(
        scanMs / 1000 <= targets.scanSeconds,
      )}`,
    ],
    [
      'stored inventory (what-if, object drill-down)',
      `${(storedInventory.json_bytes / 1024 / 1024).toFixed(1)} MB JSON, ${(
        storedInventory.inventory.length / 1024
      ).toFixed(0)} kB gzip`,
      '',
    ],
    [
      'peak RSS',
      `${rssMegabytes.toFixed(0)} MB`,
      `target ≤ ${targets.rssMegabytes} MB: ${verdict(
        rssMegabytes <= targets.rssMegabytes,
      )}`,
    ],
  ];
  console.log(
    `security posture benchmark (medians of ${measuredRounds} rounds after ${warmUpRounds} warm-up rounds; load average ${os
      .loadavg()
      .map(load => load.toFixed(1))
      .join(' ')} on ${os.availableParallelism()} CPUs)`,
  );
  for (const [label, value, target] of rows) {
    console.log(
      `  ${label.padEnd(30)} ${value}${target ? `   (${target})` : ''}`,
    );
  }
  console.log(
    JSON.stringify({
      parseMs: Number(parse.wallMs.toFixed(1)),
      evaluationMs: Number(evaluation.wallMs.toFixed(1)),
      ratio: Number(ratio.toFixed(3)),
      cpuRatio: Number(cpuRatio.toFixed(3)),
      scanSeconds: Number((scanMs / 1000).toFixed(3)),
      inventoryJsonBytes: storedInventory.json_bytes,
      inventoryGzipBytes: storedInventory.inventory.length,
      peakRssMb: Math.round(rssMegabytes),
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
