import { hostPidPods } from './hostPidPods';
import { hardenedSpec } from '../../testUtils/fixtures';
import { describeWorkloadAdmissionControl } from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(hostPidPods, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: hardenedSpec({ hostPID: true }),
      keys: ['Deployment/apps/bad'],
      message: 'Deployment "apps/bad": pod sets hostPID: true',
    },
  ],
  compliant: [hardenedSpec(), hardenedSpec({ hostPID: false })],
});
