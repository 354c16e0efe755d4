'use strict';

const { appendFileSync } = require('node:fs');
const { parseArgs } = require('node:util');
const { parseDuration } = require('./duration');
const { GateClient, GateError } = require('./GateClient');

const usage = `Usage:
  sparki-gate request --service <entityRef> --environment <env> --version <commitSha>
                      [--tag <tag>] [--image-digest sha256:…] [--reason <text>]
                      [--commit-author <userRef>] [--wait] [--timeout 30m]
  sparki-gate wait <requestId> [--timeout 30m]
  sparki-gate report <requestId> --event start-deploy|preview-ready|live|fail
                     [--key <idempotency key>] [--comment <text>]
                     [--provider-ref <provider>=<id>[=<url>]]...

Environment: SPARKI_PORTAL_URL (the portal backend's base URL), SPARKI_GATE_TOKEN (its
external-access token). Exit codes: 0 approved, 1 rejected, expired or cancelled,
2 error, timeout or bad usage; report: 0 recorded, 2 refused or error.
`;

const exitCodes = { approved: 0, denied: 1, error: 2 };
const pendingStates = new Set(['requested', 'awaiting-approval']);
const deniedStates = new Set(['rejected', 'expired', 'cancelled']);
const defaultTimeout = '30m';
const maxPollSeconds = 60;
const reportedEvents = ['start-deploy', 'preview-ready', 'live', 'fail'];

/**
 * @typedef {{
 *   env: Record<string, string | undefined>,
 *   stdout: (text: string) => void,
 *   stderr: (text: string) => void,
 *   retryDelaysMs?: number[],
 * }} GateIo
 */

/**
 * Runs one `sparki-gate` command and resolves to its exit code; it never rejects.
 *
 * @param {string[]} argv
 * @param {GateIo} io
 * @returns {Promise<number>}
 */
async function runGate(argv, io) {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof GateError) {
      io.stderr(`sparki-gate: ${error.message}\n`);
    } else {
      io.stderr(`sparki-gate: unexpected error: ${describe(error)}\n`);
    }
    return exitCodes.error;
  }
}

/**
 * @param {string[]} argv
 * @param {GateIo} io
 */
async function run(argv, io) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(usage);
    return command === undefined ? exitCodes.error : 0;
  }
  if (command !== 'request' && command !== 'wait' && command !== 'report') {
    throw new GateError(`unknown command '${command}'\n${usage}`);
  }
  const { values, positionals } = parseCommandArgs(command, rest);
  const timeoutMs = parseDuration(values.timeout ?? defaultTimeout);
  if (timeoutMs === undefined) {
    throw new GateError(
      `--timeout '${values.timeout}' is not a duration such as 90s, 30m or 1h30m`,
    );
  }
  const client = new GateClient({
    baseUrl: requiredEnv(io.env, 'SPARKI_PORTAL_URL'),
    token: requiredEnv(io.env, 'SPARKI_GATE_TOKEN'),
    retryDelaysMs: io.retryDelaysMs,
    log: line => io.stderr(`sparki-gate: ${line}\n`),
  });

  if (command === 'report') {
    // An empty id too: the action passes its request-id input as given.
    if (positionals.length !== 1 || !positionals[0]) {
      throw new GateError(`report needs exactly one request id\n${usage}`);
    }
    return report(client, positionals[0], values, io);
  }
  if (command === 'wait') {
    if (positionals.length !== 1 || !positionals[0]) {
      throw new GateError(`wait needs exactly one request id\n${usage}`);
    }
    return waitForDecision(client, positionals[0], timeoutMs, io);
  }
  if (positionals.length > 0) {
    throw new GateError(`unexpected argument '${positionals[0]}'\n${usage}`);
  }
  const view = await client.createRequest(requestBody(values, io.env));
  const { id, state } = view.request;
  io.stdout(`sparki-gate: request ${id} is ${state}\n`);
  printEvaluation(view, io);
  writeGithubOutput(io.env, { 'request-id': id, state });
  if (values.wait && pendingStates.has(state)) {
    return waitForDecision(client, id, timeoutMs, io);
  }
  return pendingStates.has(state) ? 0 : exitCodeOf(state, io);
}

/**
 * @param {'request' | 'wait' | 'report'} command
 * @param {string[]} args
 */
function parseCommandArgs(command, args) {
  /** @type {import('node:util').ParseArgsConfig['options']} */
  const options = { timeout: { type: 'string' } };
  if (command === 'request') {
    Object.assign(options, {
      service: { type: 'string' },
      environment: { type: 'string' },
      version: { type: 'string' },
      tag: { type: 'string' },
      'image-digest': { type: 'string' },
      reason: { type: 'string' },
      'commit-author': { type: 'string' },
      wait: { type: 'boolean' },
    });
  }
  if (command === 'report') {
    Object.assign(options, {
      event: { type: 'string' },
      key: { type: 'string' },
      comment: { type: 'string' },
      'provider-ref': { type: 'string', multiple: true },
    });
  }
  try {
    const parsed = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
    return {
      values: /** @type {Record<string, any>} */ (parsed.values),
      positionals: parsed.positionals,
    };
  } catch (error) {
    throw new GateError(`${describe(error)}\n${usage}`);
  }
}

/**
 * @param {Record<string, any>} values
 * @param {Record<string, string | undefined>} env
 */
function requestBody(values, env) {
  const missing = ['service', 'environment', 'version'].filter(
    name => !values[name],
  );
  if (missing.length > 0) {
    throw new GateError(
      `request needs ${missing.map(name => `--${name}`).join(', ')}\n${usage}`,
    );
  }
  return {
    serviceRef: values.service,
    environment: values.environment,
    version: {
      commitSha: values.version,
      ...(values.tag ? { tag: values.tag } : {}),
      ...(values['image-digest']
        ? { imageDigest: values['image-digest'] }
        : {}),
    },
    reason: values.reason ?? defaultReason(values.version, env),
    ...(values['commit-author']
      ? { commitAuthor: values['commit-author'] }
      : {}),
  };
}

/**
 * Reports deploy progress. Without --key, the GitHub Actions run and attempt is the key, so a
 * re-run step reports once; elsewhere every call is a new report.
 *
 * @param {GateClient} client
 * @param {string} id
 * @param {Record<string, any>} values
 * @param {GateIo} io
 */
async function report(client, id, values, io) {
  if (!reportedEvents.includes(values.event)) {
    throw new GateError(
      `report needs --event ${reportedEvents.join('|')}\n${usage}`,
    );
  }
  const { GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = io.env;
  const key =
    values.key ??
    (GITHUB_RUN_ID
      ? `github-run-${GITHUB_RUN_ID}.${GITHUB_RUN_ATTEMPT ?? 1}`
      : undefined);
  const providerRefs = (values['provider-ref'] ?? []).map(
    /** @param {string} ref */ ref => {
      const [provider, refId, ...url] = ref.split('=');
      if (!provider || !refId) {
        throw new GateError(
          `--provider-ref '${ref}' is not <provider>=<id>[=<url>]`,
        );
      }
      return {
        provider,
        id: refId,
        ...(url.length ? { url: url.join('=') } : {}),
      };
    },
  );
  const view = await client.reportEvent(id, {
    type: values.event,
    ...(key ? { id: key } : {}),
    ...(values.comment ? { comment: values.comment } : {}),
    ...(providerRefs.length ? { providerRefs } : {}),
  });
  const { state } = view.request;
  io.stdout(
    `sparki-gate: request ${id} is ${state} (reported ${values.event})\n`,
  );
  writeGithubOutput(io.env, { 'request-id': id, state });
  return 0;
}

/**
 * Approvers want to know where a request came from: the workflow run when there is one.
 *
 * @param {string} version
 * @param {Record<string, string | undefined>} env
 */
function defaultReason(version, env) {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    return `deploy ${version} from ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
  }
  return `deploy ${version} (sparki-gate)`;
}

/**
 * Long-polls `/wait` (at most 60 s a call, the backend's limit) until a decision or the deadline.
 *
 * @param {GateClient} client
 * @param {string} id
 * @param {number} timeoutMs
 * @param {GateIo} io
 */
async function waitForDecision(client, id, timeoutMs, io) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      throw new GateError(
        `timed out waiting for a decision on request ${id}; it is still pending (run 'sparki-gate wait ${id}' to wait again)`,
      );
    }
    const seconds = Math.min(maxPollSeconds, Math.ceil(remainingMs / 1000));
    const result = await client.waitForDecision(id, seconds);
    if (!pendingStates.has(result.state)) break;
    io.stdout(`sparki-gate: request ${id} is still ${result.state}\n`);
  }
  const view = await client.getRequest(id);
  const { state, decisions } = view.request;
  const last = decisions[decisions.length - 1];
  io.stdout(
    `sparki-gate: request ${id} is ${state}${
      last
        ? ` (${last.event} by ${actorName(last.by)}${
            last.comment ? `: ${last.comment}` : ''
          })`
        : ''
    }\n`,
  );
  printEvaluation(view, io);
  writeGithubOutput(io.env, { 'request-id': id, state });
  return exitCodeOf(state, io);
}

/**
 * @param {string} state
 * @param {GateIo} io
 */
function exitCodeOf(state, io) {
  if (state === 'approved') return exitCodes.approved;
  if (deniedStates.has(state)) return exitCodes.denied;
  // Past `approved` (deploying, live, …): someone already acted on it; this run must not deploy.
  io.stderr(
    `sparki-gate: request is ${state}, not approved for this run to deploy\n`,
  );
  return exitCodes.error;
}

/**
 * The policy's explanation, one line a rule: "approvals: not-met: needs 1 more approval …".
 *
 * @param {{ evaluation?: { rules?: { rule: string, status: string, message: string }[] } }} view
 * @param {GateIo} io
 */
function printEvaluation(view, io) {
  for (const rule of view.evaluation?.rules ?? []) {
    io.stdout(`  ${rule.rule}: ${rule.status}: ${rule.message}\n`);
  }
}

/** @param {{ kind: string, userRef?: string, identity?: string, name?: string }} actor */
function actorName(actor) {
  return actor.userRef ?? actor.identity ?? actor.name ?? actor.kind;
}

/**
 * Step outputs for GitHub Actions (`steps.<id>.outputs.request-id`, `.state`).
 *
 * @param {Record<string, string | undefined>} env
 * @param {Record<string, string>} outputs
 */
function writeGithubOutput(env, outputs) {
  if (!env.GITHUB_OUTPUT) return;
  const lines = Object.entries(outputs).map(
    ([key, value]) => `${key}=${value}\n`,
  );
  try {
    appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  } catch (error) {
    throw new GateError(`cannot write GITHUB_OUTPUT: ${describe(error)}`);
  }
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 */
function requiredEnv(env, name) {
  const value = env[name];
  if (!value) throw new GateError(`${name} is not set`);
  return value;
}

/** @param {unknown} error */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

module.exports = { runGate, exitCodes };
