import { policyControlMechanism } from './policyControlMechanism';
import {
  evaluateControl,
  findingKeys,
  namespace,
} from '../../testUtils/fixtures';

describe('workload-policy-control-mechanism (CIS 5.2.1)', () => {
  it('fails namespaces whose Pod Security labels restrict nothing', () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('unlabelled'),
      namespace('privileged', {
        'pod-security.kubernetes.io/enforce': 'privileged',
      }),
      namespace('kube-system'),
    ]);
    expect(findingKeys(result)).toEqual([
      'Namespace/unlabelled/unlabelled',
      'Namespace/privileged/privileged',
    ]);
    expect(result.applicable).toBe(2);
  });

  it('passes namespaces that enforce, audit or warn at baseline or restricted', () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('enforce', {
        'pod-security.kubernetes.io/enforce': 'baseline',
      }),
      namespace('warn', { 'pod-security.kubernetes.io/warn': 'restricted' }),
      namespace('audit', { 'pod-security.kubernetes.io/audit': 'baseline' }),
      // An invalid enforce level fails closed to restricted, as the admission controller does.
      namespace('invalid', { 'pod-security.kubernetes.io/enforce': 'strict' }),
    ]);
    expect(result).toMatchObject({ applicable: 4, findings: [] });
  });
});
