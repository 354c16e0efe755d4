import { defaultDenyIngress } from './defaultDenyIngress';
import {
  evaluateControl,
  findingKeys,
  namespace,
  networkPolicy,
} from '../../testUtils/fixtures';

describe('network-default-deny-ingress', () => {
  it('fails namespaces without a select-all Ingress policy that allows nothing', () => {
    const result = evaluateControl(defaultDenyIngress, [
      namespace('none'),
      namespace('allows-some'),
      networkPolicy('allows-some', 'allow', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{}],
      }),
      namespace('selects-some'),
      networkPolicy('selects-some', 'deny-app', {
        podSelector: { matchLabels: { app: 'x' } },
        policyTypes: ['Ingress'],
      }),
      namespace('other-type'),
      networkPolicy('other-type', 'deny', {
        podSelector: {},
        policyTypes: ['Egress'],
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Namespace/none/none',
      'Namespace/allows-some/allows-some',
      'Namespace/selects-some/selects-some',
      'Namespace/other-type/other-type',
    ]);
    expect(result.findings[0].message).toBe(
      'Namespace "none" has no default-deny ingress NetworkPolicy',
    );
  });

  it('passes namespaces with a default-deny ingress policy, and skips system namespaces', () => {
    const result = evaluateControl(defaultDenyIngress, [
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
