import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { complianceApiRef, type ComplianceApi } from '../api/ComplianceApi';
import { CompliancePage } from '../components/CompliancePage/CompliancePage';
import { rootRouteRef } from '../routes';

/**
 * Renders the compliance pages at `path` (under `/compliance`) with a mocked API, signed in as
 * `user` holding (or not) every compliance permission. usePermission caches decisions for a whole
 * test file, so a file tests one `permission` answer.
 */
export function renderCompliancePage(
  path: string,
  api: ComplianceApi,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    user?: string;
  } = {},
) {
  return renderInTestApp(<CompliancePage />, {
    apis: [
      [complianceApiRef, api],
      [
        permissionApiRef,
        mockApis.permission({
          authorize: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
      [
        identityApiRef,
        mockApis.identity({
          userEntityRef: options.user ?? 'user:default/bob',
        }),
      ],
    ],
    mountedRoutes: { '/compliance': rootRouteRef },
    mountPath: '/compliance/*',
    initialRouteEntries: [path],
  });
}
