import { hostPorts } from './hostPorts';
import { hardenedSpec } from '../../testUtils/fixtures';
import {
  describeWorkloadAdmissionControl,
  hardenedWith,
} from '../../testUtils/workloadAdmissionSuite';

function withPorts(ports: object[]) {
  const spec = hardenedWith({});
  spec.containers[0].ports = ports;
  return spec;
}

describeWorkloadAdmissionControl(hostPorts, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: withPorts([
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 9100, hostPort: 9100 },
      ]),
      keys: ['Deployment/apps/bad/app'],
      message:
        'Deployment "apps/bad": container "app" uses hostPort 8080, 9100',
    },
  ],
  compliant: [
    hardenedSpec(),
    withPorts([{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }]),
  ],
});
