import { windowsHostProcess } from './windowsHostProcess';
import { hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(windowsHostProcess, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: hardenedWith({ windowsOptions: { hostProcess: true } }),
      keys: ['Deployment/apps/bad/app'],
      message:
        'Deployment "apps/bad": container "app" is a Windows HostProcess container',
    },
    {
      spec: hardenedSpec({
        securityContext: { windowsOptions: { hostProcess: true } },
      }),
      keys: ['Deployment/apps/bad/app'],
    },
  ],
  compliant: [
    hardenedSpec(),
    hardenedWith({ windowsOptions: { hostProcess: false } }),
  ],
});
