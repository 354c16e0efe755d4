/**
 * Frontend of Sparki's Kubernetes security posture: the /security-posture page, the
 * "Security posture" tab of cluster entities and the API client.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { securityPostureApiRef } from './api/SecurityPostureApi';
export type { SecurityPostureApi } from './api/SecurityPostureApi';
export { SecurityPostureClient } from './api/SecurityPostureClient';
export {
  CLUSTER_NAME_ANNOTATION,
  isSecurityPostureAvailable,
} from './components/EntityPostureContent/availability';
