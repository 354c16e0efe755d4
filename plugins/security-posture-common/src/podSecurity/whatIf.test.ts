import { whatIfPodSecurity } from './whatIf';
import {
  container,
  deployment,
  hardenedSpec,
  inventoryOf,
  namespace,
  pod,
} from '../testUtils/fixtures';

describe('whatIfPodSecurity', () => {
  const inventory = inventoryOf(
    namespace('web', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    namespace('payments', {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
    }),
    namespace('empty'),
    deployment('web', 'root', { containers: [container('app')] }),
    pod('web', 'debug', {
      hostNetwork: true,
      containers: [
        container('shell', { securityContext: { privileged: true } }),
      ],
    }),
    deployment('payments', 'api', hardenedSpec()),
  );

  it('lists, per namespace, the workloads a target level would reject and why', () => {
    const result = whatIfPodSecurity(inventory, {
      level: 'restricted',
      version: 'v1.30',
    });
    expect(result).toMatchObject({
      target: 'restricted:v1.30',
      evaluated: 3,
      rejectedCount: 2,
    });
    expect(
      result.namespaces.map(n => [
        n.namespace,
        n.currentEnforce,
        n.evaluated,
        n.rejected.length,
      ]),
    ).toEqual([
      ['empty', 'privileged:latest', 0, 0],
      ['payments', 'restricted:v1.29', 1, 0],
      ['web', 'baseline:latest', 2, 2],
    ]);
    const debug = result.namespaces[2].rejected.find(
      r => r.resource.name === 'debug',
    )!;
    expect(debug.violations).toContainEqual(
      expect.objectContaining({ checkId: 'privileged', container: 'shell' }),
    );
    expect(debug.violations.find(v => v.checkId === 'hostNamespaces')).toEqual({
      checkId: 'hostNamespaces',
      forbiddenReason: 'host namespaces',
      forbiddenDetail: 'hostNetwork=true',
    });
  });

  it('restricts to one namespace', () => {
    const result = whatIfPodSecurity(inventory, {
      namespace: 'web',
      level: 'baseline',
    });
    expect(result.namespaces.map(n => n.namespace)).toEqual(['web']);
    expect(result.namespaces[0].rejected.map(r => r.resource.name)).toEqual([
      'debug',
    ]);
    expect(result.target).toBe('baseline:latest');
  });

  it('rejects nothing at privileged', () => {
    expect(
      whatIfPodSecurity(inventory, { level: 'privileged' }).rejectedCount,
    ).toBe(0);
  });

  it('throws TypeError on an invalid level or version', () => {
    expect(() => whatIfPodSecurity(inventory, { level: 'strict' })).toThrow(
      TypeError,
    );
    expect(() =>
      whatIfPodSecurity(inventory, { level: 'baseline', version: '1.30' }),
    ).toThrow(/Invalid Pod Security version "1.30"/);
  });
});
