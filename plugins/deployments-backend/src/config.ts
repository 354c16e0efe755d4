import { Config } from '@backstage/config';
import {
  EnvironmentPolicy,
  parseDeploymentsConfig,
} from '@sparki/deployments-common';

/**
 * The environments' policies from `deployments.environments`, validated with the common schema.
 * Bad config stops the backend with every problem and its path: a policy silently read wrong
 * would let deploys through that should wait.
 */
export function readEnvironmentPolicies(
  config: Config,
): Record<string, EnvironmentPolicy> {
  const parsed = parseDeploymentsConfig(config.getOptional('deployments'));
  if (!parsed.ok) {
    throw new Error(
      `Invalid deployments config:\n  ${parsed.errors.join('\n  ')}`,
    );
  }
  return parsed.environments;
}
