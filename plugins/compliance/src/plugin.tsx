import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { complianceApiRef } from './api/ComplianceApi';
import { ComplianceClient } from './api/ComplianceClient';
import { isComplianceAvailable } from './components/EntityCompliance/entityScope';
import {
  controlRouteRef,
  frameworkRouteRef,
  registersRouteRef,
  reportRouteRef,
  rootRouteRef,
} from './routes';

const complianceApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: complianceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ComplianceClient({ discoveryApi, fetchApi }),
    }),
});

const compliancePage = PageBlueprint.make({
  params: {
    path: '/compliance',
    title: 'Compliance',
    icon: <VerifiedUserIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CompliancePage/CompliancePage').then(m => (
        <m.CompliancePage />
      )),
  },
});

const entityComplianceCard = EntityCardBlueprint.make({
  name: 'compliance',
  params: {
    filter: isComplianceAvailable,
    loader: () =>
      import('./components/EntityCompliance/EntityCompliance').then(m => (
        <m.EntityComplianceCard />
      )),
  },
});

const entityComplianceContent = EntityContentBlueprint.make({
  params: {
    path: 'compliance',
    title: 'Compliance',
    filter: isComplianceAvailable,
    loader: () =>
      import('./components/EntityCompliance/EntityCompliance').then(m => (
        <m.EntityComplianceContent />
      )),
  },
});

/**
 * Compliance for auditors: the overview (scores, worst scopes, trend, the week's changes),
 * framework and control pages down to the failing objects, waiver and attestation forms, the
 * approvals list, and the entity card and tab of clusters, accounts, environments and services.
 */
export default createFrontendPlugin({
  pluginId: 'compliance',
  title: 'Compliance',
  icon: <VerifiedUserIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
    framework: frameworkRouteRef,
    control: controlRouteRef,
    registers: registersRouteRef,
    report: reportRouteRef,
  },
  extensions: [
    complianceApi,
    compliancePage,
    entityComplianceCard,
    entityComplianceContent,
  ],
});
