import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import { runbooksApiRef } from './api/RunbooksApi';
import { RunbooksClient } from './api/RunbooksClient';
import { runbookRouteRef, runbooksRouteRef } from '@sparki/runbooks-react';

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

/** Runbooks of posture findings and audit-trail detections: page and API client. */
export default createFrontendPlugin({
  pluginId: 'runbooks',
  title: 'Runbooks',
  icon: <MenuBookIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: runbooksRouteRef, runbook: runbookRouteRef },
  extensions: [runbooksApi, runbooksPage],
});
