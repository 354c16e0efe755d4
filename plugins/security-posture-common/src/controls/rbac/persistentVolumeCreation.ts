import { defineAccessControl } from './accessControl';

export const persistentVolumeCreation = defineAccessControl({
  id: 'rbac-persistent-volume-creation',
  title: 'Minimize access to create persistent volumes',
  cisKubernetes: '5.1.9',
  severity: 'medium',
  runbook: 'rbac-least-privilege',
  rationale:
    'A subject that can create PersistentVolumes can create a hostPath volume and mount the node file system through it.',
  remediation:
    'Remove create on persistentvolumes; let workloads obtain storage through PersistentVolumeClaims and StorageClasses.',
  accesses: [
    {
      request: {
        verbs: ['create'],
        apiGroup: '',
        resource: 'persistentvolumes',
      },
      describe: 'persistentvolumes',
    },
  ],
});
