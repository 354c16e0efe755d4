import { podsWithoutEgressPolicy } from './podsWithoutEgressPolicy';
import {
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  networkPolicy,
} from '../../testUtils/fixtures';

describe('network-pods-without-egress-policy', () => {
  it('fails pods selected by no Egress-type policy, with policyTypes defaulting as in Kubernetes', () => {
    const result = evaluateControl(podsWithoutEgressPolicy, [
      // No policyTypes and no egress rules: Ingress only.
      networkPolicy('shop', 'ingress-only', { podSelector: {} }),
      // No policyTypes but egress rules: Ingress and Egress.
      networkPolicy('shop', 'web-egress', {
        podSelector: { matchLabels: { app: 'web' } },
        egress: [{ to: [] }],
      }),
      networkPolicy('shop', 'not-legacy', {
        podSelector: {
          matchExpressions: [
            { key: 'legacy', operator: 'DoesNotExist' },
            { key: 'app', operator: 'NotIn', values: ['web'] },
          ],
        },
        policyTypes: ['Egress'],
      }),
      deployment('shop', 'web', hardenedSpec(), { app: 'web' }),
      deployment('shop', 'api', hardenedSpec(), { app: 'api' }),
      deployment('shop', 'cms', hardenedSpec(), { app: 'cms', legacy: 'true' }),
    ]);
    expect(findingKeys(result)).toEqual(['Deployment/shop/cms']);
    expect(result.applicable).toBe(3);
  });

  it('passes pods under a default-deny egress policy', () => {
    const result = evaluateControl(podsWithoutEgressPolicy, [
      networkPolicy('shop', 'deny', {
        podSelector: {},
        policyTypes: ['Egress'],
      }),
      deployment('shop', 'web', hardenedSpec()),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
