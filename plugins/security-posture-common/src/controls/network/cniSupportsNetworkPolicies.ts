import { defineControl } from '../defineControl';

export const cniSupportsNetworkPolicies = defineControl({
  id: 'network-cni-supports-policies',
  title: 'Ensure that the CNI in use supports NetworkPolicies',
  frameworks: ['network-policy'],
  cisKubernetes: '5.3.1',
  cisEks: '4.3.1',
  severity: 'high',
  runbook: 'network-policies',
  rationale:
    'NetworkPolicy objects are only enforced by a CNI that implements them; otherwise every policy found by this scan is silently ignored.',
  remediation:
    'On EKS, enable network policy in the VPC CNI add-on (`enableNetworkPolicy: "true"` in its configuration) or run Calico/Cilium.',
  requires: [],
  manualReason:
    'Which CNI runs, and whether its network-policy agent is enabled, is add-on configuration (aws eks describe-addon --addon-name vpc-cni) outside the resources this scan reads.',
});
