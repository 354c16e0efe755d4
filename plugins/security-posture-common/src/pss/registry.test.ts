import {
  describePodSecurityViolations,
  evaluatePodSecurity,
  evaluatePodSecurityCheck,
  isPodSecurityAllowed,
  newestPodSecurityPolicyMinor,
  podSecurityChecks,
  podSecurityChecksFor,
  resolvePodSecurityMinor,
} from './registry';
import { container } from './__testUtils__/pods';
import { PodSpec } from './types';

const restrictedPod: PodSpec = {
  securityContext: {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [
    container('app', {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    }),
  ],
};

const privilegedPod: PodSpec = {
  hostNetwork: true,
  containers: [container('app', { privileged: true })],
};

describe('registry', () => {
  it('registers every upstream check once, with versions in increasing order', () => {
    expect(podSecurityChecks.map(check => check.id)).toHaveLength(19);
    expect(new Set(podSecurityChecks.map(check => check.id)).size).toBe(19);
    expect(newestPodSecurityPolicyMinor).toBe(37);
  });

  it('runs baseline checks at baseline and baseline plus restricted checks at restricted', () => {
    const baseline = podSecurityChecksFor('baseline', 'latest').map(c => c.id);
    const restricted = podSecurityChecksFor('restricted', 'latest').map(
      c => c.id,
    );
    expect(baseline).toContain('capabilities_baseline');
    expect(baseline).not.toContain('runAsNonRoot');
    expect(restricted).toContain('runAsNonRoot');
    expect(restricted).toContain('privileged');
    expect(podSecurityChecksFor('privileged', 'latest')).toEqual([]);
  });

  it('replaces overridden baseline checks at restricted from the overriding version on', () => {
    const ids = (minor: number) =>
      podSecurityChecksFor('restricted', { major: 1, minor }).map(c => c.id);
    expect(ids(18)).toContain('seccompProfile_baseline');
    expect(ids(19)).not.toContain('seccompProfile_baseline');
    expect(ids(21)).toContain('capabilities_baseline');
    expect(ids(22)).not.toContain('capabilities_baseline');
    expect(ids(34)).toContain('procMount');
    expect(ids(35)).not.toContain('procMount');
    expect(podSecurityChecksFor('baseline', 'latest').map(c => c.id)).toContain(
      'procMount',
    );
  });

  it('adds checks at the version they start', () => {
    const ids = (minor: number) =>
      podSecurityChecksFor('restricted', { major: 1, minor }).map(c => c.id);
    expect(ids(7)).not.toContain('allowPrivilegeEscalation');
    expect(ids(8)).toContain('allowPrivilegeEscalation');
    expect(ids(33)).not.toContain('hostProbesAndHostLifecycle');
    expect(ids(34)).toContain('hostProbesAndHostLifecycle');
  });

  it('evaluates latest and future versions as the newest', () => {
    expect(resolvePodSecurityMinor('latest')).toBe(37);
    expect(resolvePodSecurityMinor({ major: 1, minor: 99 })).toBe(37);
    expect(resolvePodSecurityMinor({ major: 1, minor: 12 })).toBe(12);
  });

  it('rejects malformed versions and levels with a clear error', () => {
    expect(() => resolvePodSecurityMinor({ major: 1, minor: -1 })).toThrow(
      /Invalid Pod Security Standards version/,
    );
    expect(() =>
      resolvePodSecurityMinor({ major: 2, minor: 0 } as any),
    ).toThrow(/Invalid/);
    expect(() =>
      evaluatePodSecurity('strict' as any, 'latest', {}, restrictedPod),
    ).toThrow(/Invalid Pod Security Standards level/);
    expect(() =>
      evaluatePodSecurity('baseline', 'latest', {}, undefined as any),
    ).toThrow(/pod spec/);
    expect(() =>
      evaluatePodSecurityCheck('bogus' as any, 'latest', {}, restrictedPod),
    ).toThrow(/Unknown Pod Security check/);
  });

  it('allows everything at privileged', () => {
    expect(
      evaluatePodSecurity('privileged', 'latest', {}, privilegedPod),
    ).toEqual({
      level: 'privileged',
      version: 'latest',
      allowed: true,
      results: [],
    });
  });

  it('reports a result per check, with the denials and their details', () => {
    const evaluation = evaluatePodSecurity(
      'baseline',
      { major: 1, minor: 30 },
      undefined,
      privilegedPod,
    );
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.results).toHaveLength(
      podSecurityChecksFor('baseline', { major: 1, minor: 30 }).length,
    );
    expect(evaluation.results.filter(r => !r.allowed)).toEqual([
      {
        checkId: 'privileged',
        allowed: false,
        forbiddenReason: 'privileged',
        forbiddenDetail:
          'container "app" must not set securityContext.privileged=true',
        forbiddenContainers: ['app'],
        overrides: [],
      },
      {
        checkId: 'hostNamespaces',
        allowed: false,
        forbiddenReason: 'host namespaces',
        forbiddenDetail: 'hostNetwork=true',
        forbiddenContainers: [],
        overrides: [],
      },
    ]);
    expect(describePodSecurityViolations(evaluation)).toBe(
      'violates PodSecurity "baseline:v1.30": privileged (container "app" must not set securityContext.privileged=true), host namespaces (hostNetwork=true)',
    );
  });

  it('allows a compliant restricted pod at every version', () => {
    for (let minor = 0; minor <= 37; minor++) {
      const evaluation = evaluatePodSecurity(
        'restricted',
        { major: 1, minor },
        {},
        restrictedPod,
      );
      expect(evaluation.results.filter(r => !r.allowed)).toEqual([]);
      expect(evaluation.allowed).toBe(true);
      expect(describePodSecurityViolations(evaluation)).toBe('');
    }
  });

  it('agrees with the fast path', () => {
    for (const spec of [
      restrictedPod,
      privilegedPod,
      { containers: [container('a')] },
    ]) {
      for (const level of ['privileged', 'baseline', 'restricted'] as const) {
        expect(isPodSecurityAllowed(level, 'latest', {}, spec)).toBe(
          evaluatePodSecurity(level, 'latest', {}, spec).allowed,
        );
      }
    }
  });

  it('evaluates a restricted level pod as denied where it only meets baseline', () => {
    const baselineOnly = { containers: [container('app')] };
    expect(isPodSecurityAllowed('baseline', 'latest', {}, baselineOnly)).toBe(
      true,
    );
    const denied = evaluatePodSecurity(
      'restricted',
      'latest',
      {},
      baselineOnly,
    ).results.filter(r => !r.allowed);
    expect(denied.map(r => r.checkId)).toEqual([
      'allowPrivilegeEscalation',
      'runAsNonRoot',
      'seccompProfile_restricted',
      'capabilities_restricted',
    ]);
    expect(
      denied.find(r => r.checkId === 'capabilities_restricted')?.overrides,
    ).toEqual(['capabilities_baseline']);
  });

  it('tolerates malformed fields without crashing', () => {
    const odd = {
      containers: [null, { name: 'x', securityContext: null, ports: null }],
      initContainers: 'nope',
      volumes: [null, { name: 'v', hostPath: null }],
      securityContext: { sysctls: [{ name: 42 }] },
    } as any;
    const evaluation = evaluatePodSecurity(
      'restricted',
      'latest',
      { annotations: null },
      odd,
    );
    expect(evaluation.results.find(r => r.checkId === 'sysctls')).toMatchObject(
      { allowed: false, forbiddenDetail: '42' },
    );
  });
});
