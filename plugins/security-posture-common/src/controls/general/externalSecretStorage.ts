import { defineControl } from '../defineControl';

export const externalSecretStorage = defineControl({
  id: 'general-external-secret-storage',
  title: 'Consider external secret storage',
  cisKubernetes: '5.4.2',
  cisEks: '4.4.2',
  severity: 'medium',
  runbook: 'secrets-handling',
  rationale:
    'Kubernetes Secrets are base64 in etcd; an external store (AWS Secrets Manager, Vault) adds rotation, audit and access policy per secret.',
  remediation:
    'Store secrets in AWS Secrets Manager or SSM Parameter Store and project them with the Secrets Store CSI driver or External Secrets Operator; enable KMS envelope encryption of Secrets on the cluster.',
  requires: [],
  manualReason:
    'Where secrets are stored and whether etcd encryption with KMS is enabled is cluster and account configuration (aws eks describe-cluster: encryptionConfig), not a Kubernetes resource this scan reads.',
});
