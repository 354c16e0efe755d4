import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { containerLists, listPodWorkloads } from '../kube/workloads';
import { podSecurityChecks } from '../pss';
import { container, inventoryOf, pod } from '../testUtils/fixtures';
import {
  checkedContainerFields,
  checkedContentKey,
  checkedPodFields,
} from './checkedContent';
import {
  podSecurityViolations,
  newPodSecurityResults,
} from './workloadPodSecurity';

const fixturesRoot = path.resolve(
  __dirname,
  '../../../../..',
  'shared',
  'conformance',
  'pod-security-admission',
);

/**
 * Every distinct upstream fixture pod (`<level>/<version>/<pass|fail>/<name>.yaml`; most files
 * repeat a pod of another version).
 */
function fixturePods(): Array<{ metadata: any; spec: any }> {
  const pods = new Map<string, { metadata: any; spec: any }>();
  for (const level of ['baseline', 'restricted']) {
    for (const version of fs.readdirSync(path.join(fixturesRoot, level))) {
      for (const verdict of ['pass', 'fail']) {
        const dir = path.join(fixturesRoot, level, version, verdict);
        if (!fs.existsSync(dir)) continue;
        for (const file of fs.readdirSync(dir)) {
          if (file.endsWith('.yaml')) {
            const text = fs.readFileSync(path.join(dir, file), 'utf8');
            if (!pods.has(text)) pods.set(text, parse(text));
          }
        }
      }
    }
  }
  return [...pods.values()];
}

/** Wraps `value` so that every property read (and key listing) under it is recorded as a path. */
function recording(value: unknown, at: string, reads: Set<string>): any {
  if (!value || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, property, receiver) {
      const result = Reflect.get(target, property, receiver);
      if (typeof property === 'symbol') return result;
      if (Array.isArray(target)) {
        if (!/^\d+$/.test(property)) return result; // length, methods
        return recording(result, `${at}[]`, reads);
      }
      reads.add(`${at}.${property}`);
      return recording(result, `${at}.${property}`, reads);
    },
    ownKeys(target) {
      reads.add(`${at}.*`);
      return Reflect.ownKeys(target);
    },
  });
}

const podPaths = new Set<string>(
  checkedPodFields.map(field => `spec.${field}`),
);
const listPaths = new Set<string>(containerLists.map(list => `spec.${list}`));
const containerPaths = new Set<string>(
  containerLists.flatMap(list =>
    checkedContainerFields.map(field => `spec.${list}[].${field}`),
  ),
);

/** Whether the key covers a read: the read path is, or lies under, a field the key holds. */
function isCovered(read: string): boolean {
  const covering = (prefixes: Set<string>) =>
    [...prefixes].some(
      prefix =>
        read === prefix ||
        read.startsWith(`${prefix}.`) ||
        read.startsWith(`${prefix}[]`),
    );
  return (
    read === 'metadata.annotations' ||
    read.startsWith('metadata.annotations.') ||
    covering(podPaths) ||
    listPaths.has(read) ||
    covering(containerPaths)
  );
}

describe('checkedContentKey', () => {
  it('holds every field any check revision reads on the upstream fixtures', () => {
    const pods = fixturePods();
    expect(pods.length).toBeGreaterThan(300);
    const reads = new Set<string>();
    for (const fixture of pods) {
      const metadata = recording(fixture.metadata ?? {}, 'metadata', reads);
      const spec = recording(fixture.spec ?? {}, 'spec', reads);
      for (const check of podSecurityChecks) {
        for (const revision of check.versions) {
          revision.checkPod(metadata, spec);
        }
      }
    }
    expect(reads.size).toBeGreaterThan(20);
    expect([...reads].filter(read => !isCovered(read))).toEqual([]);
  }, 60_000);

  it('differs when a checked field differs, not when an unchecked one does', () => {
    const spec = (image: string, privileged: boolean) => ({
      containers: [
        container('app', { image, securityContext: { privileged } }),
      ],
    });
    const key = checkedContentKey(undefined, spec('app:1', false));
    expect(checkedContentKey(undefined, spec('app:2', false))).toBe(key);
    expect(checkedContentKey(undefined, spec('app:1', true))).not.toBe(key);
    expect(
      checkedContentKey(
        { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
        spec('app:1', false),
      ),
    ).not.toBe(key);
    // A missing container name and a null one read differently in details ("undefined"/"null").
    expect(checkedContentKey(undefined, { containers: [{}] } as any)).not.toBe(
      checkedContentKey(undefined, { containers: [{ name: null }] } as any),
    );
  });
});

describe('PodSecurityResults', () => {
  const privilegedPod = (name: string, image: string) =>
    pod('web', name, {
      containers: [
        container('app', { image, securityContext: { privileged: true } }),
      ],
    });

  it('runs the checks once for workloads of the same checked content, with the same result', () => {
    const [first, second, other] = listPodWorkloads(
      inventoryOf(
        privilegedPod('a', 'app:1'),
        privilegedPod('b', 'app:2'),
        pod('web', 'c', { containers: [container('app')] }),
      ),
    );
    const shared = newPodSecurityResults();
    const violations = podSecurityViolations(
      first,
      'baseline',
      'latest',
      shared,
    );
    expect(violations.map(v => [v.checkId, v.container])).toEqual([
      ['privileged', 'app'],
    ]);
    expect(podSecurityViolations(second, 'baseline', 'latest', shared)).toBe(
      violations,
    );
    expect(podSecurityViolations(other, 'baseline', 'latest', shared)).toEqual(
      [],
    );
    // Without shared results, each workload is judged on its own, to the same answer.
    const [alone] = listPodWorkloads(inventoryOf(privilegedPod('b', 'app:2')));
    const own = podSecurityViolations(alone, 'baseline', 'latest');
    expect(own).not.toBe(violations);
    expect(own).toEqual(violations);
  });
});
