import { Framework } from '../types';
import { postureBackedControl } from './postureBacked';

const benchmark = 'CIS Kubernetes Benchmark v1.12.0';

/** CIS Kubernetes Benchmark v1.12.0 §5 (Policies): recommendation → posture control. */
const mapping: ReadonlyArray<[string, string]> = [
  ['5.1.1', 'rbac-cluster-admin-bindings'],
  ['5.1.2', 'rbac-secrets-access'],
  ['5.1.3', 'rbac-wildcard-roles'],
  ['5.1.4', 'rbac-pod-creation'],
  ['5.1.5', 'rbac-default-service-accounts'],
  ['5.1.6', 'rbac-service-account-token-automount'],
  ['5.1.7', 'rbac-system-masters-group'],
  ['5.1.8', 'rbac-privilege-escalation-verbs'],
  ['5.1.9', 'rbac-persistent-volume-creation'],
  ['5.1.10', 'rbac-node-proxy'],
  ['5.1.11', 'rbac-csr-approval'],
  ['5.1.12', 'rbac-webhook-configuration'],
  ['5.1.13', 'rbac-service-account-token-creation'],
  ['5.2.1', 'workload-policy-control-mechanism'],
  ['5.2.2', 'workload-privileged-containers'],
  ['5.2.3', 'workload-host-pid'],
  ['5.2.4', 'workload-host-ipc'],
  ['5.2.5', 'workload-host-network'],
  ['5.2.6', 'workload-allow-privilege-escalation'],
  ['5.2.7', 'workload-root-containers'],
  ['5.2.8', 'workload-net-raw-capability'],
  ['5.2.9', 'workload-assigned-capabilities'],
  ['5.2.10', 'workload-windows-host-process'],
  ['5.2.11', 'workload-host-path-volumes'],
  ['5.2.12', 'workload-host-ports'],
  ['5.3.1', 'network-cni-supports-policies'],
  ['5.3.2', 'network-namespaces-have-policies'],
  ['5.4.1', 'general-secrets-as-environment'],
  ['5.4.2', 'general-external-secret-storage'],
  ['5.5.1', 'general-image-provenance'],
  ['5.6.1', 'general-namespace-boundaries'],
  ['5.6.2', 'general-seccomp-profile'],
  ['5.6.3', 'general-security-context'],
  ['5.6.4', 'general-default-namespace'],
];

export const cisKubernetes: Framework = {
  id: 'cis-kubernetes',
  title: 'CIS Kubernetes Benchmark',
  version: '1.12.0',
  section: '§5 Policies',
  controls: mapping.map(([id, postureControlId]) =>
    postureBackedControl(id, postureControlId, benchmark),
  ),
};
