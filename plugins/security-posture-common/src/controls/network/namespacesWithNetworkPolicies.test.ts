import { namespacesWithNetworkPolicies } from './namespacesWithNetworkPolicies';
import {
  evaluateControl,
  findingKeys,
  namespace,
  networkPolicy,
} from '../../testUtils/fixtures';

describe('network-namespaces-have-policies (CIS 5.3.2)', () => {
  it('fails user namespaces without any NetworkPolicy', () => {
    const result = evaluateControl(namespacesWithNetworkPolicies, [
      namespace('open'),
      namespace('guarded'),
      networkPolicy('guarded', 'web', {
        podSelector: { matchLabels: { app: 'web' } },
      }),
      namespace('kube-system'),
    ]);
    expect(findingKeys(result)).toEqual(['Namespace/open/open']);
    expect(result.findings[0].message).toBe(
      'Namespace "open" has no NetworkPolicy',
    );
    expect(result.applicable).toBe(2);
  });

  it('passes when every namespace has a policy', () => {
    const result = evaluateControl(namespacesWithNetworkPolicies, [
      namespace('guarded'),
      networkPolicy('guarded', 'deny', { podSelector: {} }),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
