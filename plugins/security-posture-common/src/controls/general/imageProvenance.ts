import { defineControl } from '../defineControl';

export const imageProvenance = defineControl({
  id: 'general-image-provenance',
  title:
    'Configure Image Provenance using ImagePolicyWebhook admission controller',
  cisKubernetes: '5.5.1',
  severity: 'medium',
  runbook: 'image-provenance',
  rationale:
    'Without provenance checks any image, from any registry, signed or not, can run.',
  remediation:
    'Enforce image signatures and allowed registries with an admission policy (Kyverno verifyImages, Gatekeeper, or Sigstore policy-controller); EKS does not allow the ImagePolicyWebhook plugin.',
  requires: [],
  manualReason:
    'Admission plugins and policy engines are configured in the control plane and in webhook configurations, which this scan does not read.',
});
