/**
 * Frontend of Sparki's deploy controls: the /deployments approvals page (requests waiting for
 * the signed-in person or all of them, the environment policy's evaluation in words, approve and
 * reject) and the API client of `@sparki/deployments-backend`.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { deploymentsApiRef } from './api/DeploymentsApi';
export type {
  DeploymentRequestView,
  DeploymentsApi,
  RequestListPage,
  RequestListQuery,
} from './api/DeploymentsApi';
export { DeploymentsClient } from './api/DeploymentsClient';
