import { defineWorkloadAdmissionControl } from './workloadAdmissionControl';

export const hostPathVolumes = defineWorkloadAdmissionControl({
  id: 'workload-host-path-volumes',
  title: 'Minimize the admission of HostPath volumes',
  cisKubernetes: '5.2.11',
  severity: 'high',
  runbook: 'workload-hardening',
  rationale:
    'A hostPath volume exposes the node’s file system: kubelet credentials, the container runtime socket, other pods’ data.',
  remediation:
    'Replace hostPath volumes with emptyDir, ConfigMap/Secret or PersistentVolumeClaims, and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'hostPath volumes',
  inspect: workload =>
    (workload.spec.volumes ?? [])
      .filter(volume => volume.hostPath)
      .map(volume => {
        const mountedBy = (workload.spec.containers ?? [])
          .filter(c =>
            (c.volumeMounts ?? []).some(
              (m: { name: string }) => m.name === volume.name,
            ),
          )
          .map(c => c.name);
        return {
          message: `volume "${volume.name}" mounts host path "${
            volume.hostPath?.path ?? ''
          }"${
            mountedBy.length > 0
              ? ` into ${mountedBy.map(n => `"${n}"`).join(', ')}`
              : ''
          }`,
          evidence: {
            volume: volume.name,
            path: volume.hostPath?.path ?? null,
            mountedBy,
          },
        };
      }),
});
