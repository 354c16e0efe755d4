import { defineControl } from '../defineControl';

export const systemMastersGroup = defineControl({
  id: 'rbac-system-masters-group',
  title: 'Avoid use of system:masters group',
  frameworks: ['rbac'],
  cisKubernetes: '5.1.7',
  severity: 'high',
  runbook: 'eks-cluster-access',
  rationale:
    'Members of system:masters bypass RBAC and webhooks entirely, and their access cannot be revoked by editing RBAC objects.',
  remediation:
    'Map IAM principals to dedicated groups bound to least-privilege roles instead of system:masters (EKS access entries with access policies, or groups in aws-auth).',
  requires: [],
  manualReason:
    'Group membership is not an RBAC object: on EKS, IAM principals are mapped to groups in the aws-auth ConfigMap and in EKS access entries (aws eks list-access-entries), and client certificates carry their groups. Review those sources.',
});
