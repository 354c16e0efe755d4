import { pssNamespaceEnforce } from './pssNamespaceEnforce';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  namespace,
} from '../../testUtils/fixtures';

describe('pss-namespace-enforce', () => {
  it('fails workloads that break the level and version their namespace enforces', () => {
    const result = evaluateControl(pssNamespaceEnforce, [
      namespace('web', {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.30',
      }),
      deployment('web', 'legacy', {
        containers: [
          container('cms', { ports: [{ containerPort: 80, hostPort: 8080 }] }),
        ],
      }),
      deployment('web', 'root-ok-for-baseline', {
        containers: [container('app')],
      }),
    ]);
    expect(findingKeys(result)).toEqual(['Deployment/web/legacy/cms']);
    expect(result.findings[0].message).toMatch(
      /violates its namespace's enforced baseline:v1.30 \(check hostPorts: /,
    );
    expect(result.findings[0].message).toMatch(
      /its next pods will be rejected$/,
    );
  });

  it('passes workloads in privileged or unlabelled namespaces and compliant ones', () => {
    const result = evaluateControl(pssNamespaceEnforce, [
      namespace('open'),
      deployment('open', 'anything', {
        hostPID: true,
        containers: [container('app')],
      }),
      namespace('strict', {
        'pod-security.kubernetes.io/enforce': 'restricted',
      }),
      deployment('strict', 'hardened', hardenedSpec()),
    ]);
    expect(result).toMatchObject({ applicable: 2, findings: [] });
  });

  it('treats a workload in a namespace missing from the inventory as privileged (the default)', () => {
    const result = evaluateControl(pssNamespaceEnforce, [
      deployment('ghost', 'app', {
        hostPID: true,
        containers: [container('a')],
      }),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
