import { csrApproval } from './csrApproval';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(csrApproval, {
  grants: {
    apiGroups: ['certificates.k8s.io'],
    resources: ['certificatesigningrequests/approval'],
    verbs: ['update'],
  },
  nearMisses: [
    {
      apiGroups: ['certificates.k8s.io'],
      resources: ['certificatesigningrequests'],
      verbs: ['create', 'get'],
    },
  ],
});
