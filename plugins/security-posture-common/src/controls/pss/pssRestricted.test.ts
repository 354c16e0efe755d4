import { pssRestricted } from './pssRestricted';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  namespace,
} from '../../testUtils/fixtures';

describe('pss-restricted', () => {
  it('reports every restricted check a workload fails, per container, at the target version', () => {
    const result = evaluateControl(pssRestricted, [
      namespace('web'),
      deployment('web', 'plain', { containers: [container('app')] }),
    ]);
    expect(result.findings.map(f => f.evidence?.checkId).sort()).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(new Set(findingKeys(result))).toEqual(
      new Set(['Deployment/web/plain/app']),
    );
    expect(result.findings[0].evidence).toMatchObject({
      namespaceEnforce: 'privileged:latest',
      enforcedAtLeastAsStrict: false,
    });
  });

  it('uses the policy version asked for', () => {
    // Before v1.22 restricted did not require dropping capabilities or a seccomp profile... (v1.19+ only)
    const result = evaluateControl(
      pssRestricted,
      [deployment('web', 'plain', { containers: [container('app')] })],
      {
        pssVersion: 'v1.21',
      },
    );
    expect(result.findings.map(f => f.evidence?.level)).toContain(
      'restricted:v1.21',
    );
    expect(result.findings.map(f => f.evidence?.checkId)).not.toContain(
      'capabilities_restricted',
    );
  });

  it('passes hardened workloads', () => {
    const result = evaluateControl(pssRestricted, [
      deployment('web', 'hardened', hardenedSpec()),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });

  it('shares one evidence object among the findings of a check and enforced level', () => {
    // A large cluster has thousands of such findings: one object each was a large part of what
    // an evaluation allocates. Serialized, shared and separate objects are the same.
    const result = evaluateControl(pssRestricted, [
      namespace('web'),
      deployment('web', 'one', { containers: [container('app')] }),
      deployment('web', 'two', { containers: [container('app')] }),
    ]);
    const runAsNonRoot = result.findings.filter(
      f => f.evidence?.checkId === 'runAsNonRoot',
    );
    expect(runAsNonRoot.map(f => f.resource.name)).toEqual(['one', 'two']);
    expect(runAsNonRoot[0].evidence).toBe(runAsNonRoot[1].evidence);
    expect(runAsNonRoot[0].evidence).toEqual({
      checkId: 'runAsNonRoot',
      level: 'restricted:latest',
      namespaceEnforce: 'privileged:latest',
      enforcedAtLeastAsStrict: false,
    });
  });
});
