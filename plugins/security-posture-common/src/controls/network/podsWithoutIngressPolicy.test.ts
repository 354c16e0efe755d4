import { podsWithoutIngressPolicy } from './podsWithoutIngressPolicy';
import {
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  networkPolicy,
  pod,
} from '../../testUtils/fixtures';

describe('network-pods-without-ingress-policy', () => {
  const policies = [
    networkPolicy('shop', 'web', {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [{}],
    }),
    networkPolicy('shop', 'tiers', {
      podSelector: {
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['data', 'cache'] },
        ],
      },
      policyTypes: ['Ingress'],
    }),
    // Egress only: does not isolate ingress.
    networkPolicy('shop', 'egress-only', {
      podSelector: {},
      policyTypes: ['Egress'],
    }),
  ];

  it('fails pods and templates selected by no Ingress-type policy of their namespace', () => {
    const result = evaluateControl(podsWithoutIngressPolicy, [
      ...policies,
      deployment('shop', 'web', hardenedSpec(), { app: 'web' }),
      deployment('shop', 'db', hardenedSpec(), { app: 'db', tier: 'data' }),
      deployment('shop', 'worker', hardenedSpec(), {
        app: 'worker',
        tier: 'batch',
      }),
      pod('shop', 'debug', hardenedSpec()),
      deployment('elsewhere', 'web', hardenedSpec(), { app: 'web' }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/shop/worker',
      'Deployment/elsewhere/web',
      'Pod/shop/debug',
    ]);
    expect(result.findings[0].message).toBe(
      'Deployment "shop/worker" is selected by no ingress NetworkPolicy: all ingress traffic is allowed',
    );
  });

  it('passes everything under a default-deny policy and skips hostNetwork pods', () => {
    const result = evaluateControl(podsWithoutIngressPolicy, [
      networkPolicy('shop', 'deny', { podSelector: {} }),
      deployment('shop', 'web', hardenedSpec()),
      deployment('other', 'agent', hardenedSpec({ hostNetwork: true })),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
