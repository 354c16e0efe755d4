import { netRawCapability } from './netRawCapability';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(netRawCapability, {
  preventedBy: 'restricted',
  violating: [
    {
      spec: hardenedWith({ capabilities: { drop: ['ALL'], add: ['NET_RAW'] } }),
      keys: ['Deployment/apps/bad/app'],
      message: 'Deployment "apps/bad": container "app" adds NET_RAW',
    },
    {
      spec: { containers: [container('defaults')] },
      keys: ['Deployment/apps/bad/defaults'],
    },
  ],
  compliant: [
    // Windows pods have no Linux privilege escalation or capabilities.
    { os: { name: 'windows' }, containers: [container('iis')] },

    hardenedSpec(),
    {
      containers: [
        container('drops', {
          securityContext: { capabilities: { drop: ['NET_RAW'] } },
        }),
      ],
    },
  ],
});
