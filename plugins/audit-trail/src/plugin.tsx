import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { auditTrailApiRef } from './api/AuditTrailApi';
import { AuditTrailClient } from './api/AuditTrailClient';
import { isAuditTrailAvailable } from './components/EntityAuditContent/availability';
import { rootRouteRef } from './routes';

const auditTrailApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: auditTrailApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AuditTrailClient({ discoveryApi, fetchApi }),
    }),
});

const auditTrailPage = PageBlueprint.make({
  params: {
    path: '/audit-trail',
    title: 'Audit trail',
    icon: <ManageSearchIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/AuditTrailPage/AuditTrailPage').then(m => (
        <m.AuditTrailPage />
      )),
  },
});

const entityAuditTrailContent = EntityContentBlueprint.make({
  params: {
    path: 'audit-trail',
    title: 'Audit trail',
    filter: isAuditTrailAvailable,
    loader: () =>
      import('./components/EntityAuditContent/EntityAuditContent').then(m => (
        <m.EntityAuditContent />
      )),
  },
});

/** CloudTrail audit trail: search page, CIS detections, entity tab and API client. */
export default createFrontendPlugin({
  pluginId: 'audit-trail',
  title: 'Audit trail',
  icon: <ManageSearchIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [auditTrailApi, auditTrailPage, entityAuditTrailContent],
});
