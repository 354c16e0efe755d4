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
});
