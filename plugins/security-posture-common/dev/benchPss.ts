/* eslint-disable no-console -- a command-line benchmark prints its figures */
/*
 * Benchmark of the Pod Security Standards evaluator: evaluating 10,000 pods must take no longer
 * than JSON.parse of the same pods (target ratio <= 1.0), so a scan's cost is reading the
 * cluster, not judging it. Run with `yarn bench:pss` from the repository root.
 */
import {
  evaluatePodSecurity,
  isPodSecurityAllowed,
  PodSecurityLevel,
  PodSecurityVersion,
} from '../src/pss';

const podCount = 10_000;
const rounds = 9;

/** A deterministic pseudo-random generator, so every run measures the same pods. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Pods shaped like a real cluster's: most compliant, some with the usual violations. */
function generatePods(count: number): unknown[] {
  const next = random(42);
  const pods: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const hardened = next() < 0.6;
    const containerCount = 1 + Math.floor(next() * 3);
    const containers = Array.from({ length: containerCount }, (_, c) => ({
      name: `container-${c}`,
      image: `registry.example.com/team-${i % 17}/service-${i % 101}:1.${c}.${
        i % 9
      }`,
      imagePullPolicy: 'IfNotPresent',
      args: ['--port=8080', `--replica=${i}`],
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        {
          name: 'POD_NAME',
          valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
        },
      ],
      ports: [
        {
          containerPort: 8080,
          protocol: 'TCP',
          ...(next() < 0.03 && { hostPort: 8080 }),
        },
      ],
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      },
      readinessProbe: {
        httpGet: { path: '/ready', port: 8080 },
        periodSeconds: 10,
      },
      livenessProbe: {
        httpGet: { path: '/healthz', port: 8080 },
        initialDelaySeconds: 5,
      },
      volumeMounts: [
        { name: 'config', mountPath: '/etc/config', readOnly: true },
      ],
      securityContext: hardened
        ? {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          }
        : {
            ...(next() < 0.1 && { privileged: true }),
            ...(next() < 0.1 && { capabilities: { add: ['NET_ADMIN'] } }),
          },
    }));
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `service-${i % 101}-${i}`,
        namespace: `team-${i % 17}`,
        uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        labels: {
          app: `service-${i % 101}`,
          'pod-template-hash': `h${i % 1000}`,
        },
        annotations: {
          'kubectl.kubernetes.io/default-container': 'container-0',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `rs-${i}`,
            uid: `u-${i}`,
            controller: true,
          },
        ],
      },
      spec: {
        serviceAccountName: 'default',
        nodeName: `ip-10-10-${i % 250}-${i % 200}.eu-west-1.compute.internal`,
        ...(next() < 0.02 && { hostNetwork: true }),
        securityContext: hardened
          ? {
              runAsNonRoot: true,
              runAsUser: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            }
          : {},
        containers,
        volumes: [
          { name: 'config', configMap: { name: `service-${i % 101}` } },
          ...(next() < 0.03
            ? [{ name: 'host', hostPath: { path: '/var/log' } }]
            : []),
        ],
      },
      status: { phase: 'Running', podIP: `10.10.${i % 250}.${i % 200}` },
    });
  }
  return pods;
}

/** The median of `rounds` timings of `run`, in milliseconds. */
function median(run: () => void): number {
  const timings: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    run();
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(rounds / 2)];
}

const json = JSON.stringify(generatePods(podCount));
const pods = JSON.parse(json) as Array<{ metadata: any; spec: any }>;

const parseMs = median(() => JSON.parse(json));
const cases: Array<[PodSecurityLevel, PodSecurityVersion]> = [
  ['baseline', 'latest'],
  ['restricted', 'latest'],
  ['restricted', { major: 1, minor: 24 }],
];

/** Evaluates every pod; returns how many are allowed (used, so the work cannot be skipped). */
function evaluateAll(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): number {
  let allowedCount = 0;
  for (const pod of pods) {
    if (evaluatePodSecurity(level, version, pod.metadata, pod.spec).allowed)
      allowedCount++;
  }
  return allowedCount;
}

function checkAll(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): number {
  let allowedCount = 0;
  for (const pod of pods) {
    if (isPodSecurityAllowed(level, version, pod.metadata, pod.spec))
      allowedCount++;
  }
  return allowedCount;
}

console.log(
  `Pod Security Standards evaluator: ${podCount} pods, ${(
    json.length / 1e6
  ).toFixed(1)} MB JSON`,
);
console.log(`JSON.parse: ${parseMs.toFixed(1)} ms (median of ${rounds})`);
let worstRatio = 0;
for (const [level, version] of cases) {
  const label = `${level}:${
    version === 'latest' ? 'latest' : `v1.${version.minor}`
  }`;
  const allowedCount = evaluateAll(level, version);
  if (checkAll(level, version) !== allowedCount) {
    throw new Error(
      `${label}: isPodSecurityAllowed disagrees with evaluatePodSecurity`,
    );
  }
  const evaluateMs = median(() => evaluateAll(level, version));
  const fastMs = median(() => checkAll(level, version));
  const ratio = evaluateMs / parseMs;
  worstRatio = Math.max(worstRatio, ratio);
  console.log(
    `${label.padEnd(
      18,
    )} ${allowedCount} allowed; evaluatePodSecurity ${evaluateMs.toFixed(
      1,
    )} ms (ratio to JSON.parse ${ratio.toFixed(
      2,
    )}), isPodSecurityAllowed ${fastMs.toFixed(1)} ms (${(
      fastMs / parseMs
    ).toFixed(2)})`,
  );
}
console.log(
  `worst ratio ${worstRatio.toFixed(2)} (target <= 1.00): ${
    worstRatio <= 1 ? 'met' : 'MISSED'
  }`,
);
process.exitCode = worstRatio <= 1 ? 0 : 1;
