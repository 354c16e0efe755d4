import { hostNetworkPods } from './hostNetworkPods';
import { hardenedSpec } from '../../testUtils/fixtures';
import { describeWorkloadAdmissionControl } from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(hostNetworkPods, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: hardenedSpec({ hostNetwork: true }),
      keys: ['Deployment/apps/bad'],
      message: 'Deployment "apps/bad": pod sets hostNetwork: true',
    },
  ],
  compliant: [hardenedSpec(), hardenedSpec({ hostNetwork: false })],
});
