import { serviceAccountTokenCreation } from './serviceAccountTokenCreation';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(serviceAccountTokenCreation, {
  grants: {
    apiGroups: [''],
    resources: ['serviceaccounts/token'],
    verbs: ['create'],
  },
  nearMisses: [
    { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create'] },
  ],
});
