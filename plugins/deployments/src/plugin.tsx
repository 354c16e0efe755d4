import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import RocketLaunchIcon from '@mui/icons-material/RocketLaunch';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { DeploymentsClient } from './api/DeploymentsClient';
import { isDeploymentsAvailable } from './components/EntityDeploymentsContent/availability';
import { rootRouteRef } from './routes';

const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

const approvalsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    title: 'Approvals',
    icon: <RocketLaunchIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ApprovalsPage/ApprovalsPage').then(m => (
        <m.ApprovalsPage />
      )),
  },
});

const entityDeploymentsContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: isDeploymentsAvailable,
    loader: () =>
      import(
        './components/EntityDeploymentsContent/EntityDeploymentsContent'
      ).then(m => <m.EntityDeploymentsContent />),
  },
});

/**
 * Deploy controls: the approvals page (requests, policy in words, approve/reject), the entity
 * tab of services (what runs where, promote/rollback, history) and the API client.
 */
export default createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <RocketLaunchIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [deploymentsApi, approvalsPage, entityDeploymentsContent],
});
