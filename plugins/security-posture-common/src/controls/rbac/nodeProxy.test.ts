import { nodeProxy } from './nodeProxy';
import { describeAccessControl } from '../../testUtils/accessControlSuite';

describeAccessControl(nodeProxy, {
  grants: { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
  nearMisses: [
    { apiGroups: [''], resources: ['nodes', 'nodes/metrics'], verbs: ['get'] },
  ],
});
