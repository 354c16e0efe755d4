import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { templatesDir } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const skeletonDir = path.join(templatesDir, 'sparki-service/skeleton');
const deployScript = path.join(skeletonDir, 'deploy/deploy.sh');
const renderScript = path.join(skeletonDir, 'deploy/render.sh');

/**
 * kubectl, yq, curl and sleep replaced by scripts that record their arguments and keep the
 * Service's selector in a file, so the blue-green steps of deploy.sh run without a cluster.
 */
const STUBS: Record<string, string> = {
  kubectl: `#!/usr/bin/env bash
echo "kubectl $*" >>"$STUB_DIR/calls"
args=" $* "
case "$args" in
  *" get service "*)
    [ -f "$STUB_DIR/selector" ] || exit 1
    case "$args" in *jsonpath*) cat "$STUB_DIR/selector" ;; esac ;;
  *" get deployment "*) echo 3 ;;
  *" patch service "*)
    sed -E 's/.*"version":"([a-z]+)".*/\\1/' <<<"$*" >"$STUB_DIR/selector" ;;
  *" apply -f rendered/service.yaml "*) echo blue >"$STUB_DIR/selector" ;;
  *" apply -f - "*) cat >>"$STUB_DIR/applied" ;;
  *" rollout status "*) [ -z "$STUB_ROLLOUT_FAILS" ] || exit 1 ;;
  *" port-forward "*)
    [ -n "$STUB_FORWARD_FAILS" ] && exit 1
    echo "Forwarding from 127.0.0.1:18080"
    exec /bin/sleep 30 ;;
esac
exit 0
`,
  yq: `#!/usr/bin/env bash
echo "yq $* REPLICAS=$REPLICAS" >>"$STUB_DIR/calls"
cat "\${@: -1}"
`,
  curl: `#!/usr/bin/env bash
echo "curl \${@: -1}" >>"$STUB_DIR/calls"
[ -z "$STUB_HEALTH_FAILS" ] || exit 22
`,
  sleep: `#!/usr/bin/env bash
exit 0
`,
};

describe('deploy scripts of the sparki-service skeleton (deploy.sh, render.sh)', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-deploy-script-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    for (const [name, script] of Object.entries(STUBS)) {
      fs.writeFileSync(path.join(dir, 'bin', name), script, { mode: 0o755 });
    }
    fs.mkdirSync(path.join(dir, 'rendered'));
    fs.writeFileSync(
      path.join(dir, 'rendered/deployment-green.yaml'),
      'kind: Deployment\n',
    );
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deploy(
    args: string[],
    env: Record<string, string> = {},
    script = deployScript,
  ) {
    const result = spawnSync('bash', [script, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
        STUB_DIR: dir,
        GITHUB_OUTPUT: path.join(dir, 'output'),
        SERVICE: 'payments',
        NAMESPACE: 'payments',
        HEALTH_PATH: '/healthz',
        CONTAINER_PORT: '8080',
        ...env,
      },
    });
    return { status: result.status, stderr: result.stderr };
  }
  const read = (file: string) =>
    fs.existsSync(path.join(dir, file))
      ? fs.readFileSync(path.join(dir, file), 'utf8')
      : '';
  const calls = () => read('calls').trim().split('\n');

  it('runs a blue-green deploy: idle color rolled out and checked, Service switched, checked again', () => {
    expect(deploy(['prepare']).status).toBe(0);
    // The Service did not exist: created once, selecting blue.
    expect(calls()).toContain('kubectl apply -f rendered/service.yaml');
    expect(read('output')).toBe('live=blue\nidle=green\n');

    expect(deploy(['roll-out', 'green']).status).toBe(0);
    expect(calls()).toEqual(
      expect.arrayContaining([
        // The idle color gets the live color's replica count.
        'yq eval .spec.replicas = env(REPLICAS) rendered/deployment-green.yaml REPLICAS=3',
        'kubectl -n payments rollout status deployment/payments-green --timeout=10m',
        'kubectl -n payments port-forward deployment/payments-green 18080:8080',
        'curl http://127.0.0.1:18080/healthz',
      ]),
    );
    expect(read('applied')).toBe('kind: Deployment\n');
    expect(read('selector')).toBe('blue\n');

    expect(deploy(['switch', 'green']).status).toBe(0);
    expect(read('selector')).toBe('green\n');
    expect(read('output')).toContain('switched=true\n');

    expect(deploy(['verify']).status).toBe(0);
    expect(calls()).toContain(
      'kubectl -n payments port-forward service/payments 18080:80',
    );
  });

  it('fails the roll-out when the new color does not answer its health check, before any switch', () => {
    fs.writeFileSync(path.join(dir, 'selector'), 'blue\n');
    const { status, stderr } = deploy(['roll-out', 'green'], {
      STUB_HEALTH_FAILS: '1',
    });
    expect(status).not.toBe(0);
    expect(stderr).toContain(
      'Health check of deployment/payments-green at /healthz failed',
    );
    expect(read('selector')).toBe('blue\n');
  });

  it('fails the roll-out when the port-forward does not start, before any switch', () => {
    fs.writeFileSync(path.join(dir, 'selector'), 'blue\n');
    const { status, stderr } = deploy(['roll-out', 'green'], {
      STUB_FORWARD_FAILS: '1',
    });
    expect(status).not.toBe(0);
    expect(stderr).toContain(
      'Port-forward to deployment/payments-green did not start',
    );
    expect(calls().some(call => call.startsWith('curl'))).toBe(false);
    expect(read('selector')).toBe('blue\n');
  });

  it('rolls back: the Service back to the previous color, the failed color scaled to 0', () => {
    fs.writeFileSync(path.join(dir, 'selector'), 'green\n');
    expect(
      deploy(['rollback'], { PREVIOUS_COLOR: 'blue', SWITCHED: 'true' }).status,
    ).toBe(0);
    expect(read('selector')).toBe('blue\n');
    expect(calls()).toContain(
      'kubectl -n payments scale deployment payments-green --replicas=0',
    );
  });

  it('rolls back without touching the Service when the switch had not happened', () => {
    fs.writeFileSync(path.join(dir, 'selector'), 'blue\n');
    expect(
      deploy(['rollback'], { PREVIOUS_COLOR: 'blue', SWITCHED: '' }).status,
    ).toBe(0);
    expect(calls().some(call => call.includes('patch service'))).toBe(false);
    expect(calls()).toContain(
      'kubectl -n payments scale deployment payments-green --replicas=0',
    );
  });

  it('has nothing to roll back when the deploy failed before it knew the live color', () => {
    expect(deploy(['rollback'], { PREVIOUS_COLOR: '' }).status).toBe(0);
    expect(read('calls')).toBe('');
  });

  it('refuses a color that is not blue or green', () => {
    fs.writeFileSync(path.join(dir, 'selector'), 'blue\n');
    const { status, stderr } = deploy(['switch', 'blue;rm -rf /']);
    expect(status).toBe(2);
    expect(stderr).toContain("A color is blue or green, not 'blue;rm -rf /'");
    expect(read('selector')).toBe('blue\n');
  });

  it('renders only an image pinned by digest', () => {
    fs.cpSync(
      path.join(skeletonDir, 'deploy/k8s'),
      path.join(dir, 'deploy/k8s'),
      {
        recursive: true,
      },
    );
    const tagged = deploy(
      [],
      { IMAGE: 'registry/payments:latest' },
      renderScript,
    );
    expect(tagged.status).toBe(2);
    expect(tagged.stderr).toContain(
      'IMAGE must be pinned by digest (<repository>@sha256:<64 hex>), got: registry/payments:latest',
    );
    const image = `registry/payments@sha256:${'ab'.repeat(32)}`;
    expect(deploy([], { IMAGE: image }, renderScript).status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'rendered')).sort()).toEqual(
      fs.readdirSync(path.join(skeletonDir, 'deploy/k8s')).sort(),
    );
    expect(
      calls().filter(call =>
        call.startsWith('yq eval (select(.kind == "Deployment")'),
      ),
    ).toHaveLength(6);
  });
});
