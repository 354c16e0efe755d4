import { privilegeEscalationVerbs } from './privilegeEscalationVerbs';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(privilegeEscalationVerbs, {
  grants: { apiGroups: [''], resources: ['users'], verbs: ['impersonate'] },
  nearMisses: [
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['roles'],
      verbs: ['create', 'update'],
    },
  ],
});
