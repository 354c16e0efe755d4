import { Control } from '../controls';
import { clusterAdminBindings } from './rbac/clusterAdminBindings';
import { secretsAccess } from './rbac/secretsAccess';
import { wildcardRoles } from './rbac/wildcardRoles';
import { podCreation } from './rbac/podCreation';
import { defaultServiceAccounts } from './rbac/defaultServiceAccounts';
import { serviceAccountTokenAutomount } from './rbac/serviceAccountTokenAutomount';
import { systemMastersGroup } from './rbac/systemMastersGroup';
import { privilegeEscalationVerbs } from './rbac/privilegeEscalationVerbs';
import { persistentVolumeCreation } from './rbac/persistentVolumeCreation';
import { nodeProxy } from './rbac/nodeProxy';
import { csrApproval } from './rbac/csrApproval';
import { webhookConfiguration } from './rbac/webhookConfiguration';
import { serviceAccountTokenCreation } from './rbac/serviceAccountTokenCreation';
import { policyControlMechanism } from './workloads/policyControlMechanism';
import { privilegedContainers } from './workloads/privilegedContainers';
import { hostPidPods } from './workloads/hostPidPods';
import { hostIpcPods } from './workloads/hostIpcPods';
import { hostNetworkPods } from './workloads/hostNetworkPods';
import { allowPrivilegeEscalation } from './workloads/allowPrivilegeEscalation';
import { rootContainers } from './workloads/rootContainers';
import { netRawCapability } from './workloads/netRawCapability';
import { assignedCapabilities } from './workloads/assignedCapabilities';
import { windowsHostProcess } from './workloads/windowsHostProcess';
import { hostPathVolumes } from './workloads/hostPathVolumes';
import { hostPorts } from './workloads/hostPorts';
import { cniSupportsNetworkPolicies } from './network/cniSupportsNetworkPolicies';
import { namespacesWithNetworkPolicies } from './network/namespacesWithNetworkPolicies';
import { defaultDenyIngress } from './network/defaultDenyIngress';
import { defaultDenyEgress } from './network/defaultDenyEgress';
import { podsWithoutIngressPolicy } from './network/podsWithoutIngressPolicy';
import { podsWithoutEgressPolicy } from './network/podsWithoutEgressPolicy';
import { secretsAsEnvironment } from './general/secretsAsEnvironment';
import { externalSecretStorage } from './general/externalSecretStorage';
import { imageProvenance } from './general/imageProvenance';
import { namespaceBoundaries } from './general/namespaceBoundaries';
import { seccompProfile } from './general/seccompProfile';
import { securityContextApplied } from './general/securityContextApplied';
import { defaultNamespace } from './general/defaultNamespace';
import { pssBaseline } from './pss/pssBaseline';
import { pssRestricted } from './pss/pssRestricted';
import { pssNamespaceEnforce } from './pss/pssNamespaceEnforce';

/** Every control, in CIS order, then NetworkPolicy coverage and Pod Security Standards. */
export const controlCatalog: readonly Control[] = Object.freeze([
  clusterAdminBindings,
  secretsAccess,
  wildcardRoles,
  podCreation,
  defaultServiceAccounts,
  serviceAccountTokenAutomount,
  systemMastersGroup,
  privilegeEscalationVerbs,
  persistentVolumeCreation,
  nodeProxy,
  csrApproval,
  webhookConfiguration,
  serviceAccountTokenCreation,
  policyControlMechanism,
  privilegedContainers,
  hostPidPods,
  hostIpcPods,
  hostNetworkPods,
  allowPrivilegeEscalation,
  rootContainers,
  netRawCapability,
  assignedCapabilities,
  windowsHostProcess,
  hostPathVolumes,
  hostPorts,
  cniSupportsNetworkPolicies,
  namespacesWithNetworkPolicies,
  secretsAsEnvironment,
  externalSecretStorage,
  imageProvenance,
  namespaceBoundaries,
  seccompProfile,
  securityContextApplied,
  defaultNamespace,
  defaultDenyIngress,
  defaultDenyEgress,
  podsWithoutIngressPolicy,
  podsWithoutEgressPolicy,
  pssBaseline,
  pssRestricted,
  pssNamespaceEnforce,
]);

const byId = new Map(controlCatalog.map(control => [control.id, control]));

export function getControl(id: string): Control | undefined {
  return byId.get(id);
}
