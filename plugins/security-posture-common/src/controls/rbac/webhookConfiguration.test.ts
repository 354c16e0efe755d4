import { webhookConfiguration } from './webhookConfiguration';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(webhookConfiguration, {
  grants: {
    apiGroups: ['admissionregistration.k8s.io'],
    resources: ['mutatingwebhookconfigurations'],
    verbs: ['patch'],
  },
  nearMisses: [
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: ['validatingwebhookconfigurations'],
      verbs: ['get', 'list'],
    },
  ],
});
