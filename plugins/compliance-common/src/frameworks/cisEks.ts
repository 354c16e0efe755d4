import { Framework } from '../types';
import { postureBackedControl } from './postureBacked';

const benchmark = 'CIS Amazon EKS Benchmark v1.7.0';

/** CIS Amazon EKS Benchmark v1.7.0 §4 (Policies): recommendation → posture control. */
const mapping: ReadonlyArray<[string, string]> = [
  ['4.1.1', 'rbac-cluster-admin-bindings'],
  ['4.1.2', 'rbac-secrets-access'],
  ['4.1.3', 'rbac-wildcard-roles'],
  ['4.1.4', 'rbac-pod-creation'],
  ['4.1.5', 'rbac-default-service-accounts'],
  ['4.1.6', 'rbac-service-account-token-automount'],
  ['4.1.8', 'rbac-privilege-escalation-verbs'],
  ['4.2.1', 'workload-privileged-containers'],
  ['4.2.2', 'workload-host-pid'],
  ['4.2.3', 'workload-host-ipc'],
  ['4.2.4', 'workload-host-network'],
  ['4.2.5', 'workload-allow-privilege-escalation'],
  ['4.3.1', 'network-cni-supports-policies'],
  ['4.3.2', 'network-namespaces-have-policies'],
  ['4.4.1', 'general-secrets-as-environment'],
  ['4.4.2', 'general-external-secret-storage'],
  ['4.5.1', 'general-namespace-boundaries'],
  ['4.5.2', 'general-default-namespace'],
];

export const cisEks: Framework = {
  id: 'cis-eks',
  title: 'CIS Amazon EKS Benchmark',
  version: '1.7.0',
  section: '§4 Policies',
  controls: mapping.map(([id, postureControlId]) =>
    postureBackedControl(id, postureControlId, benchmark),
  ),
};
