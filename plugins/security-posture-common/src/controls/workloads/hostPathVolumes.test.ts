import { hostPathVolumes } from './hostPathVolumes';
import { container, hardenedSpec } from '../../testUtils/fixtures';
import { describeWorkloadAdmissionControl } from '../../testUtils/workloadAdmissionSuite';

describeWorkloadAdmissionControl(hostPathVolumes, {
  preventedBy: 'baseline',
  violating: [
    {
      spec: {
        ...hardenedSpec(),
        containers: [
          container('exporter', {
            volumeMounts: [{ name: 'root', mountPath: '/host' }],
          }),
        ],
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
      },
      keys: ['Deployment/apps/bad'],
      message:
        'Deployment "apps/bad": volume "root" mounts host path "/" into "exporter"',
    },
  ],
  compliant: [hardenedSpec({ volumes: [{ name: 'scratch', emptyDir: {} }] })],
});
