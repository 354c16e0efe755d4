import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CallMergeIcon from '@mui/icons-material/CallMerge';
import { sparkiForgeApiRef } from './api/SparkiForgeApi';
import { SparkiForgeClient } from './api/SparkiForgeClient';
import { isEnvironment } from './components/LifecycleCard/isEnvironment';
import { rootRouteRef, selectedTemplateRouteRef } from './routes';

const sparkiForgeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sparkiForgeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SparkiForgeClient({ discoveryApi, fetchApi }),
    }),
});

const forgePage = PageBlueprint.make({
  params: {
    path: '/sparki-forge',
    title: 'Infrastructure changes',
    icon: <CallMergeIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ForgePage/ForgePage').then(m => <m.ForgePage />),
  },
});

const environmentLifecycleCard = EntityCardBlueprint.make({
  name: 'environment-lifecycle',
  params: {
    filter: isEnvironment,
    loader: () =>
      import('./components/LifecycleCard/EnvironmentLifecycleCard').then(m => (
        <m.EnvironmentLifecycleCard />
      )),
  },
});

/** The local git forge: environment lifecycle card, change pages with their diff, merging. */
export default createFrontendPlugin({
  pluginId: 'sparki-forge',
  title: 'Infrastructure changes',
  icon: <CallMergeIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
  extensions: [sparkiForgeApi, forgePage, environmentLifecycleCard],
});
