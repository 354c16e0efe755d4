import { allowPrivilegeEscalation } from './allowPrivilegeEscalation';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(allowPrivilegeEscalation, {
  preventedBy: 'restricted',
  violating: [
    {
      spec: hardenedWith({ allowPrivilegeEscalation: true }),
      keys: ['Deployment/apps/bad/app'],
      message:
        'Deployment "apps/bad": container "app" sets allowPrivilegeEscalation: true',
    },
    {
      spec: hardenedSpec({ containers: [container('unset')] }),
      keys: ['Deployment/apps/bad/unset'],
      message:
        'Deployment "apps/bad": container "unset" does not set allowPrivilegeEscalation: false',
    },
  ],
  compliant: [
    // Windows pods have no Linux privilege escalation or capabilities.
    { os: { name: 'windows' }, containers: [container('iis')] },
    hardenedSpec(),
  ],
});
