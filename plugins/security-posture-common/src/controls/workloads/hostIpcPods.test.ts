import { hostIpcPods } from './hostIpcPods';
import { hardenedSpec } from '../../testUtils/fixtures';
import { describeWorkloadAdmissionControl } from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(hostIpcPods, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: hardenedSpec({ hostIPC: true }),
      keys: ['Deployment/apps/bad'],
      message: 'Deployment "apps/bad": pod sets hostIPC: true',
    },
  ],
  compliant: [hardenedSpec(), hardenedSpec({ hostIPC: false })],
});
