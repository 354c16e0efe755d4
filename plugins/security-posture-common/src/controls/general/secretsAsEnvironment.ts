import { eachContainer } from '../workloads/workloadAdmissionControl';
import { defineWorkloadControl } from './workloadControl';

export const secretsAsEnvironment = defineWorkloadControl({
  id: 'general-secrets-as-environment',
  title: 'Prefer using Secrets as files over Secrets as environment variables',
  cisKubernetes: '5.4.1',
  cisEks: '4.4.1',
  severity: 'low',
  runbook: 'secrets-handling',
  rationale:
    'Environment variables leak: into logs, crash dumps, child processes and `kubectl describe`-style tooling; mounted files do not, and are updated when the Secret changes.',
  remediation:
    'Mount the Secret as a volume (`volumes[].secret`, `volumeMounts`) and have the application read the file instead of `env[].valueFrom.secretKeyRef` / `envFrom[].secretRef`.',
  inspect: workload =>
    eachContainer(workload, container => {
      const keys = (container.env ?? [])
        .filter(env => env.valueFrom?.secretKeyRef)
        .map(
          env => `${env.name} (secret "${env.valueFrom?.secretKeyRef?.name}")`,
        );
      const whole = (container.envFrom ?? [])
        .filter(source => source.secretRef)
        .map(source => `all keys of secret "${source.secretRef.name}"`);
      const uses = [...keys, ...whole];
      return uses.length > 0
        ? {
            message: `container "${
              container.name
            }" reads Secrets from environment variables: ${uses.join(', ')}`,
            evidence: { env: uses },
          }
        : undefined;
    }),
});
