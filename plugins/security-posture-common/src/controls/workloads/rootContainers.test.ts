import { rootContainers } from './rootContainers';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(rootContainers, {
  preventedBy: 'restricted',
  violating: [
    {
      spec: hardenedWith({ runAsUser: 0 }),
      keys: ['Deployment/apps/bad/app'],
      message: 'Deployment "apps/bad": container "app" runs as UID 0',
    },
    {
      spec: { containers: [container('image-user')] },
      keys: ['Deployment/apps/bad/image-user'],
      message:
        'Deployment "apps/bad": container "image-user" may run as root: neither runAsNonRoot: true nor a runAsUser is set',
    },
    {
      spec: {
        securityContext: { runAsNonRoot: false },
        containers: [container('explicit')],
      },
      keys: ['Deployment/apps/bad/explicit'],
    },
  ],
  compliant: [
    hardenedSpec(),
    {
      containers: [container('uid', { securityContext: { runAsUser: 1000 } })],
    },
    {
      securityContext: { runAsNonRoot: true },
      containers: [container('nonroot')],
    },
  ],
});
