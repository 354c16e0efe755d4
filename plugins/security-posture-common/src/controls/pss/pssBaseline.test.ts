import { pssBaseline } from './pssBaseline';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  namespace,
  pod,
} from '../../testUtils/fixtures';

describe('pss-baseline', () => {
  it('names the failed check and the container, or the pod for pod-level fields', () => {
    const result = evaluateControl(pssBaseline, [
      namespace('web', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
      deployment('web', 'mixed', {
        hostNetwork: true,
        containers: [
          container('ok'),
          container('root', { securityContext: { privileged: true } }),
        ],
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/web/mixed/root',
      'Deployment/web/mixed',
    ]);
    expect(result.findings.map(f => f.evidence?.checkId)).toEqual([
      'privileged',
      'hostNamespaces',
    ]);
    expect(result.findings[0].message).toMatch(
      /^Deployment "web\/mixed" violates baseline:latest check privileged: /,
    );
    expect(result.findings[0].evidence).toMatchObject({
      namespaceEnforce: 'baseline:latest',
      enforcedAtLeastAsStrict: true,
    });
  });

  it('passes pods meeting baseline (even if not restricted) and skips system namespaces', () => {
    const result = evaluateControl(pssBaseline, [
      pod('web', 'root-but-baseline', { containers: [container('app')] }),
      deployment('web', 'hardened', hardenedSpec()),
      deployment('kube-system', 'aws-node', {
        hostNetwork: true,
        containers: [container('cni')],
      }),
    ]);
    expect(result).toMatchObject({ applicable: 2, findings: [] });
  });
});
