/**
 * Pod Security Standards (baseline and restricted, policy versions v1.0 to latest) evaluated like
 * Kubernetes' pod-security-admission: one check per file under `checks/`, each with its version
 * history, combined by the registry.
 */
export * from './types';
export * from './policy';
export * from './podSpecOf';
export {
  podSecurityChecks,
  newestPodSecurityPolicyMinor,
  resolvePodSecurityMinor,
  podSecurityChecksFor,
  evaluatePodSecurity,
  evaluatePodSecurityCheck,
  isPodSecurityAllowed,
  describePodSecurityViolations,
} from './registry';
