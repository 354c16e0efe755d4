import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { runbooksApiRef } from './api/RunbooksApi';
import { RunbooksClient } from './api/RunbooksClient';
import { runbookRouteRef, runbooksRouteRef } from '@sparki/runbooks-react';
import { isRunbooksAvailable } from './components/EntityRunbooksContent/availability';

const runbooksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: runbooksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new RunbooksClient({ discoveryApi, fetchApi }),
    }),
});

const runbooksPage = PageBlueprint.make({
  params: {
    path: '/runbooks',
    title: 'Runbooks',
    icon: <MenuBookIcon fontSize="inherit" />,
    routeRef: runbooksRouteRef,
    loader: () =>
      import('./components/RunbooksPage/RunbooksPage').then(m => (
        <m.RunbooksPage />
      )),
  },
});

const entityRunbooksContent = EntityContentBlueprint.make({
  params: {
    path: 'runbooks',
    title: 'Runbooks',
    filter: isRunbooksAvailable,
    loader: () =>
      import('./components/EntityRunbooksContent/EntityRunbooksContent').then(
        m => <m.EntityRunbooksContent />,
      ),
  },
});

/** Runbooks of the platform, findings and detections: page, entity tab and API client. */
export default createFrontendPlugin({
  pluginId: 'runbooks',
  title: 'Runbooks',
  icon: <MenuBookIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: runbooksRouteRef, runbook: runbookRouteRef },
  extensions: [runbooksApi, runbooksPage, entityRunbooksContent],
});
