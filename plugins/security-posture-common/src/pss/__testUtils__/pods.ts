import { evaluatePodSecurityCheck } from '../registry';
import {
  ContainerSecurityContext,
  PodContainer,
  PodObjectMetadata,
  PodSecurityCheckId,
  PodSecurityCheckResult,
  PodSpec,
} from '../types';

/** A container named `name`, with an optional security context and other fields. */
export function container(
  name: string,
  securityContext?: ContainerSecurityContext,
  extra: Partial<PodContainer> = {},
): PodContainer {
  return {
    name,
    image: 'registry.k8s.io/pause',
    ...(securityContext && { securityContext }),
    ...extra,
  };
}

/** Runs one check at policy version v1.<minor>; fails the test if the check does not exist yet. */
export function runCheck(
  checkId: PodSecurityCheckId,
  minor: number,
  spec: PodSpec,
  metadata: PodObjectMetadata = {},
): PodSecurityCheckResult {
  const result = evaluatePodSecurityCheck(
    checkId,
    { major: 1, minor },
    metadata,
    spec,
  );
  if (!result)
    throw new Error(`check ${checkId} does not exist at v1.${minor}`);
  return result;
}
