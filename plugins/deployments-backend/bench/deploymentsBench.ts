/*
 * `yarn bench:deployments`: against PostgreSQL,
 *   1. 50 approvers racing on 200 prod requests (3 approvals each): every request ends approved
 *      with exactly 3 approvals and one transition to approved (nothing lost, nothing doubled);
 *      target: approve p99 < 100 ms;
 *   2. the inbox ("waiting for me") with 1,000 pending requests: target p95 < 200 ms.
 * Policy facts come from an in-memory source (the catalog and posture backend are not what is
 * measured). Uses a dedicated database, dropped at the end.
 *
 * BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432) selects the server.
 */
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { parseDeploymentsConfig } from '@sparki/deployments-common';
import knexFactory, { Knex } from 'knex';
import os from 'node:os';
import { Caller, DeploymentService } from '../src/service/DeploymentService';
import {
  GatheredFacts,
  PolicyFactsSource,
} from '../src/service/PolicyFactsSource';
import { KnexDeploymentStore } from '../src/store/KnexDeploymentStore';

const SERVER =
  process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'sparki_bench_deployments';
const APPROVERS = 50;
const RACED_REQUESTS = 200;
const REQUIRED_APPROVALS = 3;
const INBOX_REQUESTS = 1_000;
const INBOX_RUNS = 50;
const APPROVE_P99_TARGET_MS = 100;
const INBOX_P95_TARGET_MS = 200;

const approversGroup = 'group:default/release-approvers';

const person = (name: string): Caller & { kind: 'user' } => ({
  kind: 'user',
  userRef: `user:default/${name}`,
  ownershipRefs: [`user:default/${name}`, approversGroup],
});

/** Everyone approves for release-approvers; frank owns the service. */
const facts: PolicyFactsSource = {
  async gather(_request, userRefs): Promise<GatheredFacts> {
    return {
      owningGroupRef: 'group:default/payments-team',
      owningGroupMembers: ['user:default/frank'],
      userGroups: Object.fromEntries(
        userRefs.map(ref => [ref, [approversGroup]]),
      ),
      postureSnapshot: {
        score: 95,
        failingCriticalControls: [],
        takenAt: new Date().toISOString(),
        partial: false,
      },
    };
  },
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function serviceOn(store: KnexDeploymentStore): DeploymentService {
  const parsed = parseDeploymentsConfig({
    environments: {
      prod: {
        approvals: {
          required: REQUIRED_APPROVALS,
          allowedGroups: [approversGroup],
        },
        separationOfDuties: true,
      },
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return new DeploymentService({ store, policies: parsed.environments, facts });
}

const request = (i: number) => ({
  serviceRef: `component:default/service-${i % 20}`,
  environment: 'prod',
  version: { commitSha: (0x1000000 + i).toString(16) },
  reason: `release ${i}`,
});

async function race(service: DeploymentService, store: KnexDeploymentStore) {
  const requester = person('requester');
  const ids: string[] = [];
  for (let i = 0; i < RACED_REQUESTS; i++) {
    ids.push((await service.create(request(i), requester)).request.id);
  }
  const latencies: number[] = [];
  const counted: number[] = [];
  let approved = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: APPROVERS }, async (_, a) => {
      const approver = person(`approver-${a}`);
      for (const id of shuffled(ids)) {
        const begin = performance.now();
        try {
          await service.approve(id, approver);
          approved++;
          counted.push(performance.now() - begin);
        } catch (error) {
          // Approved by others first: the request no longer takes approvals (refused before
          // the write, or by the store when another approval won the race).
          if (
            !(
              error instanceof NotAllowedError || error instanceof ConflictError
            )
          ) {
            throw error;
          }
          refused++;
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;

  const problems: string[] = [];
  for (const id of ids) {
    const stored = await store.get(id);
    const toApproved = stored!.decisions.filter(d => d.to === 'approved');
    if (stored!.state !== 'approved')
      problems.push(`${id} is ${stored!.state}`);
    if (stored!.approvals.length !== REQUIRED_APPROVALS) {
      problems.push(`${id} has ${stored!.approvals.length} approvals`);
    }
    if (toApproved.length !== 1) {
      problems.push(`${id} moved to approved ${toApproved.length} times`);
    }
  }
  if (approved !== RACED_REQUESTS * REQUIRED_APPROVALS) {
    problems.push(
      `${approved} approvals succeeded, expected ${
        RACED_REQUESTS * REQUIRED_APPROVALS
      }`,
    );
  }
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  console.log(
    `race: ${APPROVERS} approvers × ${RACED_REQUESTS} requests = ${
      latencies.length
    } approve calls in ${seconds.toFixed(
      1,
    )} s (${approved} counted, ${refused} refused as already approved)`,
  );
  console.log(
    `  approve p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(
      1,
    )} ms (target p99 < ${APPROVE_P99_TARGET_MS} ms) ${
      p99 < APPROVE_P99_TARGET_MS ? 'OK' : 'MISSED'
    }`,
  );
  console.log(
    `  of which counted approvals p50 ${percentile(counted, 50).toFixed(
      1,
    )} ms, p99 ${percentile(counted, 99).toFixed(1)} ms`,
  );
  console.log(
    `  consistency: ${
      problems.length === 0 ? 'OK, no lost or double transition' : 'FAILED'
    }`,
  );
  problems.slice(0, 10).forEach(p => console.log(`    ${p}`));
  return problems.length === 0 && p99 < APPROVE_P99_TARGET_MS;
}

async function inbox(service: DeploymentService) {
  const requesters = ['carol', 'erin', 'gina'].map(person);
  for (let i = 0; i < INBOX_REQUESTS; i++) {
    await service.create(request(i), requesters[i % requesters.length]);
  }
  const dave = person('dave');
  const firstPage: number[] = [];
  const whole: number[] = [];
  for (let run = 0; run < INBOX_RUNS; run++) {
    let begin = performance.now();
    const page = await service.list({ waitingForMe: true, limit: 100 }, dave);
    JSON.stringify({ items: page.items });
    firstPage.push(performance.now() - begin);
    if (page.items.length !== 100)
      throw new Error(`inbox page of ${page.items.length}`);

    begin = performance.now();
    let count = 0;
    let after;
    do {
      const next = await service.list(
        { waitingForMe: true, limit: 500, after },
        dave,
      );
      JSON.stringify({ items: next.items });
      count += next.items.length;
      after = next.nextAfter;
    } while (after);
    whole.push(performance.now() - begin);
    if (count !== INBOX_REQUESTS) throw new Error(`inbox of ${count}`);
  }
  const p95 = percentile(firstPage, 95);
  console.log(
    `inbox: ${INBOX_REQUESTS} pending requests, ${INBOX_RUNS} runs as an approver`,
  );
  console.log(
    `  first page (100) p50 ${percentile(firstPage, 50).toFixed(
      1,
    )} ms, p95 ${p95.toFixed(1)} ms (target p95 < ${INBOX_P95_TARGET_MS} ms) ${
      p95 < INBOX_P95_TARGET_MS ? 'OK' : 'MISSED'
    }`,
  );
  console.log(
    `  all ${INBOX_REQUESTS} (pages of 500) p50 ${percentile(whole, 50).toFixed(
      1,
    )} ms, p95 ${percentile(whole, 95).toFixed(1)} ms`,
  );
  return p95 < INBOX_P95_TARGET_MS;
}

/** Counts the store's writes and its stale-revision refusals (the optimistic-concurrency retries). */
function countWrites(store: KnexDeploymentStore) {
  const counts = { applied: 0, stale: 0 };
  const apply = store.apply.bind(store);
  store.apply = async (...args) => {
    const result = await apply(...args);
    if (result.ok && !result.replayed) counts.applied++;
    if (!result.ok && result.error.kind === 'stale-revision') counts.stale++;
    return result;
  };
  return counts;
}

/** The plan of the hot read (a request with its decisions): both sides by index. */
async function explainRead(knex: Knex) {
  const { id } = await knex('deployments_requests').first('id');
  const { rows } = await knex.raw<{ rows: Array<{ 'QUERY PLAN': string }> }>(
    `EXPLAIN SELECT r.*, (SELECT json_agg(d ORDER BY d.seq) FROM deployments_decisions d
       WHERE d.request_id = r.id) FROM deployments_requests r WHERE r.id = ?`,
    [id],
  );
  const plan = rows.map(row => row['QUERY PLAN']).join('\n');
  const scans = plan.match(
    /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan) (using \S+ )?on \S+/g,
  );
  console.log(`  read plan: ${scans?.join('; ') ?? plan}`);
}

async function main() {
  const admin = knexFactory({ client: 'pg', connection: `${SERVER}/postgres` });
  await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.raw(`CREATE DATABASE ${DATABASE}`);
  const knex = knexFactory({
    client: 'pg',
    connection: `${SERVER}/${DATABASE}`,
    pool: { min: 2, max: Number(process.env.BENCH_POOL ?? 20) },
  });
  try {
    const store = await KnexDeploymentStore.create({
      database: { getClient: async () => knex },
    });
    const writes = countWrites(store);
    const service = serviceOn(store);
    // Latencies on a shared machine mean little without its load.
    console.log(
      `machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map(l => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min)`,
    );
    const raced = await race(service, store);
    console.log(
      `  writes: ${writes.applied} transitions, ${
        writes.stale
      } lost the revision race and were retried (${(
        (100 * writes.stale) /
        Math.max(1, writes.applied + writes.stale)
      ).toFixed(0)} %)`,
    );
    await explainRead(knex);
    await knex('deployments_approvals').delete();
    const inboxOk = await inbox(service);
    if (!raced || !inboxOk) process.exitCode = 1;
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
