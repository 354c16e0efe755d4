import { podCreation } from './podCreation';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(podCreation, {
  grants: { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
  nearMisses: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
  ],
});
