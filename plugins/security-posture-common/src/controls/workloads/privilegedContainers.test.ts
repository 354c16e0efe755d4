import { privilegedContainers } from './privilegedContainers';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(privilegedContainers, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: hardenedWith({ privileged: true }),
      keys: ['Deployment/apps/bad/app'],
      message: 'Deployment "apps/bad": container "app" runs privileged',
    },
    {
      spec: hardenedSpec({
        initContainers: [
          container('init', { securityContext: { privileged: true } }),
        ],
      }),
      keys: ['Deployment/apps/bad/init'],
    },
  ],
  compliant: [hardenedSpec(), hardenedWith({ privileged: false })],
});
