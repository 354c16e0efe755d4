import { assignedCapabilities } from './assignedCapabilities';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(assignedCapabilities, {
  preventedBy: 'restricted',
  violating: [
    {
      spec: hardenedWith({
        capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] },
      }),
      keys: ['Deployment/apps/bad/app'],
      message: 'Deployment "apps/bad": container "app" adds SYS_ADMIN',
    },
    {
      spec: {
        containers: [
          container('keeps', {
            securityContext: { capabilities: { add: ['NET_ADMIN'] } },
          }),
        ],
      },
      keys: ['Deployment/apps/bad/keeps'],
      message:
        'Deployment "apps/bad": container "keeps" adds NET_ADMIN and does not drop ALL',
    },
  ],
  compliant: [
    // Windows pods have no Linux privilege escalation or capabilities.
    { os: { name: 'windows' }, containers: [container('iis')] },

    hardenedSpec(),
    hardenedWith({
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    }),
  ],
});
