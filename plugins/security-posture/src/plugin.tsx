import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@mui/icons-material/Security';
import { securityPostureApiRef } from './api/SecurityPostureApi';
import { SecurityPostureClient } from './api/SecurityPostureClient';
import { isSecurityPostureAvailable } from './components/EntityPostureContent/availability';
import { rootRouteRef } from './routes';

const securityPostureApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityPostureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityPostureClient({ discoveryApi, fetchApi }),
    }),
});

const securityPosturePage = PageBlueprint.make({
  params: {
    path: '/security-posture',
    title: 'Security posture',
    icon: <SecurityIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/PosturePage/PosturePage').then(m => (
        <m.PosturePage />
      )),
  },
});

const entitySecurityPostureContent = EntityContentBlueprint.make({
  params: {
    path: 'security-posture',
    title: 'Security posture',
    filter: isSecurityPostureAvailable,
    loader: () =>
      import('./components/EntityPostureContent/EntityPostureContent').then(
        m => <m.EntityPostureContent />,
      ),
  },
});

/** Security posture of the platform's Kubernetes clusters: page, entity tab and API client. */
export default createFrontendPlugin({
  pluginId: 'security-posture',
  title: 'Security posture',
  icon: <SecurityIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    securityPostureApi,
    securityPosturePage,
    entitySecurityPostureContent,
  ],
});
