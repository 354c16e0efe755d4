/**
 * A local stand-in for a Kubernetes API server, shared by the backend plugins' tests and
 * benchmarks (security posture's scanner, deployments' rollout providers).
 *
 * @packageDocumentation
 */
export {
  defaultNamespaceListPaths,
  listPaths,
  startFakeKubeApiServer,
} from './fakeKubeApiServer';
export type {
  FakeKubeApiServer,
  FakeKubeApiServerOptions,
  RecordedRequest,
} from './fakeKubeApiServer';
