import { defaultDenyEgress } from './defaultDenyEgress';
import {
  evaluateControl,
  findingKeys,
  namespace,
  networkPolicy,
} from '../../testUtils/fixtures';

describe('network-default-deny-egress', () => {
  it('fails namespaces without a select-all Egress policy that allows nothing', () => {
    const result = evaluateControl(defaultDenyEgress, [
      namespace('none'),
      namespace('allows-some'),
      networkPolicy('allows-some', 'allow', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{}],
      }),
      namespace('selects-some'),
      networkPolicy('selects-some', 'deny-app', {
        podSelector: { matchLabels: { app: 'x' } },
        policyTypes: ['Egress'],
      }),
      namespace('other-type'),
      networkPolicy('other-type', 'deny', {
        podSelector: {},
        policyTypes: ['Ingress'],
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Namespace/none/none',
      'Namespace/allows-some/allows-some',
      'Namespace/selects-some/selects-some',
      'Namespace/other-type/other-type',
    ]);
    expect(result.findings[0].message).toBe(
      'Namespace "none" has no default-deny egress NetworkPolicy',
    );
  });

  it('passes namespaces with a default-deny egress policy, and skips system namespaces', () => {
    const result = evaluateControl(defaultDenyEgress, [
      namespace('deny'),
      networkPolicy('deny', 'default-deny', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
      namespace('kube-system'),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
