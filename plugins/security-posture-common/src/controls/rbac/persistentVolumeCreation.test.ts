import { persistentVolumeCreation } from './persistentVolumeCreation';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(persistentVolumeCreation, {
  grants: {
    apiGroups: [''],
    resources: ['persistentvolumes'],
    verbs: ['create'],
  },
  nearMisses: [
    {
      apiGroups: [''],
      resources: ['persistentvolumeclaims'],
      verbs: ['create'],
    },
  ],
});
