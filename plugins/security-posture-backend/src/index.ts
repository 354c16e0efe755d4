/**
 * Backend of Sparki's cluster security posture: scheduled scans of Kubernetes clusters (API
 * servers or manifest directories), immutable snapshots, scores, findings, what-if and metrics.
 *
 * @packageDocumentation
 */
export { securityPosturePlugin as default } from './plugin';
export type { PostureStore } from './store/PostureStore';
