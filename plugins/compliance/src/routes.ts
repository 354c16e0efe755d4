import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The compliance overview, `/compliance` where the app mounts it at its default path. */
export const rootRouteRef = createRouteRef();

/** One framework: its scores, scopes and controls. */
export const frameworkRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/frameworks/:frameworkId',
});

/** One control of a framework: its text, results, resources and history. */
export const controlRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/frameworks/:frameworkId/controls/:controlId',
});

/** A printable report of one framework in one scope. */
export const reportRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/frameworks/:frameworkId/report',
});

/** The waiver and attestation registers, with the approvals waiting. */
export const registersRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/registers',
});
