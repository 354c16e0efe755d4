import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import deploymentsPlugin from '@sparki/deployments-backend';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runGate } from './main';

// A real deployments backend on a port, waited on over HTTP: generous limits on a loaded machine.
jest.setTimeout(120_000);

const approvers = 'group:default/release-approvers';
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'dave', namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: approvers }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
];

// The test backend's auth is Backstage's mock: this token is a service (pipeline) principal, as
// an external-access token is in a real backend.
const pipelineToken = mockCredentials.service.token();

let baseUrl: string;
let backend: TestBackend;

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({
        data: {
          deployments: {
            environments: {
              staging: {
                approvals: { required: 1, allowedGroups: [approvers] },
              },
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  baseUrl = `http://127.0.0.1:${backend.server.port()}`;
});

afterAll(() => backend.stop());

function gate(argv: string[], env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const exitCode = runGate(argv, {
    env: {
      SPARKI_PORTAL_URL: baseUrl,
      SPARKI_GATE_TOKEN: pipelineToken,
      ...env,
    },
    stdout: text => {
      out.stdout += text;
    },
    stderr: text => {
      out.stderr += text;
    },
    retryDelaysMs: [0, 0],
  });
  return { out, exitCode };
}

const requestArgs = [
  'request',
  '--service',
  'component:default/payments',
  '--environment',
  'staging',
  '--version',
  'abc1234',
  '--tag',
  'v1.4.0',
  '--reason',
  'release 1.4',
];

async function requestIdIn(out: { stdout: string }) {
  for (;;) {
    const id = out.stdout.match(/request (\S+) is awaiting-approval/)?.[1];
    if (id) return id;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function decide(
  id: string,
  action: 'approve' | 'reject',
  comment: string,
) {
  const response = await fetch(
    `${baseUrl}/api/deployments/requests/${id}/${action}`,
    {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header('user:default/dave'),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ comment }),
    },
  );
  expect(response.status).toBe(200);
}

describe('sparki-gate against the deployments backend', () => {
  it('requests, waits, and exits 0 when an approver approves', async () => {
    const githubOutput = join(mkdtempSync(join(tmpdir(), 'gate-')), 'out');
    const { out, exitCode } = gate([...requestArgs, '--wait'], {
      GITHUB_OUTPUT: githubOutput,
    });
    const id = await requestIdIn(out);
    expect(out.stdout).toContain(
      'approvals: not-met: needs 1 more approval from release-approvers',
    );
    await decide(id, 'approve', 'ship it');

    expect(await exitCode).toBe(0);
    expect(out.stdout).toContain(
      `request ${id} is approved (approve by user:default/dave: ship it)`,
    );
    expect(readFileSync(githubOutput, 'utf8')).toBe(
      `request-id=${id}\nstate=awaiting-approval\nrequest-id=${id}\nstate=approved\n`,
    );
  });

  it('exits 1 when the request is rejected, with the comment', async () => {
    const created = gate(requestArgs);
    expect(await created.exitCode).toBe(0);
    const id = await requestIdIn(created.out);
    const waiting = gate(['wait', id, '--timeout', '10m']);
    await decide(id, 'reject', 'not during the incident');

    expect(await waiting.exitCode).toBe(1);
    expect(waiting.out.stdout).toContain(
      `request ${id} is rejected (reject by user:default/dave: not during the incident)`,
    );
  });

  it('exits 2 when no decision comes before --timeout', async () => {
    const { out, exitCode } = gate([
      ...requestArgs,
      '--wait',
      '--timeout',
      '2s',
    ]);
    expect(await exitCode).toBe(2);
    const id = await requestIdIn(out);
    expect(out.stderr).toContain(
      `timed out waiting for a decision on request ${id}; it is still pending`,
    );
  });

  it('exits 2 with the backend message on a bad token', async () => {
    const { out, exitCode } = gate(requestArgs, {
      SPARKI_GATE_TOKEN: mockCredentials.service.invalidToken(),
    });
    expect(await exitCode).toBe(2);
    expect(out.stderr).toMatch(/HTTP 401: .+/);
    expect(out.stderr).not.toContain('retrying');
  });

  it('exits 2 with the backend message on a bad request or an unknown id', async () => {
    const badSha = gate(
      requestArgs.map(arg => (arg === 'abc1234' ? 'HEAD' : arg)),
    );
    expect(await badSha.exitCode).toBe(2);
    expect(badSha.out.stderr).toMatch(/HTTP 400: .*commitSha/);

    const unknown = gate(['wait', '6f1c1a3e-3a3b-4c8e-9d7a-0c4c7b1f2e10']);
    expect(await unknown.exitCode).toBe(2);
    expect(unknown.out.stderr).toMatch(/HTTP 404: /);
  });

  it('reports deploy progress once per key, and exits 2 on what the state refuses', async () => {
    const created = gate(requestArgs);
    expect(await created.exitCode).toBe(0);
    const id = await requestIdIn(created.out);
    await decide(id, 'approve', 'ship it');
    const githubRun = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' };

    const started = gate(['report', id, '--event', 'start-deploy'], githubRun);
    expect(await started.exitCode).toBe(0);
    expect(started.out.stdout).toContain(
      `request ${id} is deploying (reported start-deploy)`,
    );
    // The same run re-reporting is a no-op, not a refusal.
    const again = gate(['report', id, '--event', 'start-deploy'], githubRun);
    expect(await again.exitCode).toBe(0);

    const preview = gate([
      'report',
      id,
      '--event',
      'preview-ready',
      '--key',
      'preview-1',
      '--provider-ref',
      'gitops=abc123=https://git.example.com/c/abc123',
    ]);
    expect(await preview.exitCode).toBe(0);
    const view = await (
      await fetch(`${baseUrl}/api/deployments/requests/${id}`, {
        headers: { authorization: `Bearer ${pipelineToken}` },
      })
    ).json();
    expect(view.request.providerRefs).toEqual([
      {
        provider: 'gitops',
        id: 'abc123',
        url: 'https://git.example.com/c/abc123',
      },
    ]);

    const refused = gate(['report', id, '--event', 'start-deploy']);
    expect(await refused.exitCode).toBe(2);
    expect(refused.out.stderr).toMatch(
      /HTTP 409: cannot start-deploy a request that is preview-ready/,
    );
    const unknown = gate(['report', id, '--event', 'promote']);
    expect(await unknown.exitCode).toBe(2);
    expect(unknown.out.stderr).toContain(
      'report needs --event start-deploy|preview-ready|live|fail',
    );
  });

  it('runs as a process through bin/sparki-gate.js with the exit code', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>(
      resolve => {
        execFile(
          process.execPath,
          [join(__dirname, '../bin/sparki-gate.js'), ...requestArgs],
          {
            env: {
              PATH: process.env.PATH,
              SPARKI_PORTAL_URL: baseUrl,
              SPARKI_GATE_TOKEN: mockCredentials.service.invalidToken(),
            },
            timeout: 120_000,
          },
          (error, _stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stderr }),
        );
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sparki-gate: POST .* HTTP 401: /);
  });
});

describe('the composite action', () => {
  const actionDir = join(__dirname, '../../../.github/actions/sparki-gate');

  /** Runs the action's step script with bash as GitHub does; inputs come as its env variables. */
  function runStep(inputs: Record<string, string>) {
    const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8'));
    const [step] = action.runs.steps;
    const githubOutput = join(mkdtempSync(join(tmpdir(), 'gate-')), 'out');
    // Every input the step maps, empty unless given: GitHub passes an input's default.
    const env = Object.fromEntries(
      Object.keys(step.env).map(name => [name, inputs[name] ?? '']),
    );
    const child = spawn(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
      {
        env: {
          PATH: process.env.PATH,
          GITHUB_ACTION_PATH: actionDir,
          GITHUB_OUTPUT: githubOutput,
          ...env,
          SPARKI_PORTAL_URL: baseUrl,
          SPARKI_GATE_TOKEN: pipelineToken,
        },
        timeout: 120_000,
      },
    );
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', chunk => {
      out.stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      out.stderr += chunk;
    });
    const exited = new Promise<number | null>(resolve =>
      child.on('close', resolve),
    );
    return { out, exited, githubOutput };
  }

  it('waits and reports progress with command wait and report', async () => {
    const created = gate(requestArgs);
    expect(await created.exitCode).toBe(0);
    const id = await requestIdIn(created.out);
    const waiting = runStep({
      GATE_COMMAND: 'wait',
      GATE_REQUEST_ID: id,
      GATE_TIMEOUT: '10m',
    });
    // Approved before or during the wait: either way it ends approved.
    await decide(id, 'approve', 'ok');
    expect(await waiting.exited).toBe(0);
    expect(readFileSync(waiting.githubOutput, 'utf8')).toContain(
      'state=approved\n',
    );

    const started = runStep({
      GATE_COMMAND: 'report',
      GATE_REQUEST_ID: id,
      GATE_EVENT: 'start-deploy',
    });
    expect(await started.exited).toBe(0);
    expect(started.out.stdout).toContain(
      `request ${id} is deploying (reported start-deploy)`,
    );
    const failed = runStep({
      GATE_COMMAND: 'report',
      GATE_REQUEST_ID: id,
      GATE_EVENT: 'fail',
      GATE_COMMENT: 'verify failed: "$(not run)"',
    });
    expect(await failed.exited).toBe(0);
    expect(readFileSync(failed.githubOutput, 'utf8')).toBe(
      `request-id=${id}\nstate=failed\n`,
    );
    const view = await (
      await fetch(`${baseUrl}/api/deployments/requests/${id}`, {
        headers: { authorization: `Bearer ${pipelineToken}` },
      })
    ).json();
    expect(view.request.decisions.at(-1)).toMatchObject({
      event: 'fail',
      comment: 'verify failed: "$(not run)"',
    });
  });

  it('exits 2 saying why on a bad command, a missing request id or event', async () => {
    const unknown = runStep({ GATE_COMMAND: 'approve' });
    expect(await unknown.exited).toBe(2);
    expect(unknown.out.stderr).toContain(
      "command is request, wait or report, not 'approve'",
    );
    const noId = runStep({ GATE_COMMAND: 'report', GATE_EVENT: 'live' });
    expect(await noId.exited).toBe(2);
    expect(noId.out.stderr).toContain('report needs exactly one request id');
    const noEvent = runStep({ GATE_COMMAND: 'report', GATE_REQUEST_ID: 'x' });
    expect(await noEvent.exited).toBe(2);
    expect(noEvent.out.stderr).toContain(
      'report needs --event start-deploy|preview-ready|live|fail',
    );
  });

  it('runs its step script with bash as GitHub does and succeeds once approved', async () => {
    const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8'));
    expect(action.inputs.command.default).toBe('request');
    const { out, exited, githubOutput } = runStep({
      GATE_COMMAND: 'request',
      GATE_SERVICE: 'component:default/payments',
      GATE_ENVIRONMENT: 'staging',
      GATE_VERSION: 'abc1234',
      GATE_REASON: 'it\'s "quoted" $(not run)',
      GATE_TIMEOUT: '10m',
    });
    const id = await requestIdIn(out);
    const stored = await fetch(`${baseUrl}/api/deployments/requests/${id}`, {
      headers: {
        authorization: mockCredentials.user.header('user:default/dave'),
      },
    });
    expect((await stored.json()).request.reason).toBe(
      'it\'s "quoted" $(not run)',
    );
    await decide(id, 'approve', 'ok');

    expect(await exited).toBe(0);
    expect(readFileSync(githubOutput, 'utf8')).toContain('state=approved\n');
    expect(Object.keys(action.outputs)).toEqual(['request-id', 'state']);
  });
});

describe('sparki-gate errors before any decision', () => {
  it('retries network errors a few times, then exits 2', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise(resolve => closed.close(resolve));

    const { out, exitCode } = gate(['wait', 'some-id'], {
      SPARKI_PORTAL_URL: `http://127.0.0.1:${port}/`,
    });
    expect(await exitCode).toBe(2);
    expect(
      out.stderr.match(/ECONNREFUSED [^;]*; retrying in 0s/g),
    ).toHaveLength(2);
    expect(out.stderr).toContain(
      `GET http://127.0.0.1:${port}/api/deployments/requests/some-id/wait?timeoutSeconds=60 failed`,
    );
  });

  it.each([
    [[], {}, /Usage:/],
    [['deploy'], {}, /unknown command 'deploy'/],
    [['wait'], {}, /wait needs exactly one request id/],
    [
      ['request', '--service', 'x'],
      {},
      /request needs --environment, --version/,
    ],
    [['request', '--bogus'], {}, /Unknown option '--bogus'/],
    [
      ['wait', 'id', '--timeout', 'soon'],
      {},
      /--timeout 'soon' is not a duration/,
    ],
    [['wait', 'id'], { SPARKI_GATE_TOKEN: '' }, /SPARKI_GATE_TOKEN is not set/],
  ])('exits 2 on bad usage %p', async (argv, env, message) => {
    const { out, exitCode } = gate(argv, env);
    expect(await exitCode).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
