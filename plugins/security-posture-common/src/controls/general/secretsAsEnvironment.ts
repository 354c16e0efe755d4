import { eachContainer } from '../workloads/workloadAdmissionControl';
import { defineWorkloadControl } from './workloadControl';

/** No entry of `list` (env or envFrom) is an object with `has(entry)`: allocation-free pass path. */
function noneReads(
  list: unknown,
  has: (entry: Record<string, any>) => unknown,
): boolean {
  if (list === undefined || list === null) return true;
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!entry || typeof entry !== 'object' || has(entry)) return false;
  }
  return true;
}

const readsSecretKey = (env: Record<string, any>) =>
  env.valueFrom?.secretKeyRef;
const readsSecret = (source: Record<string, any>) => source.secretRef;

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
      // Most containers read no Secret: judged without building lists (the same answer).
      if (
        noneReads(container.env, readsSecretKey) &&
        noneReads(container.envFrom, readsSecret)
      ) {
        return undefined;
      }
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
