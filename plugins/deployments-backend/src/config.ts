import { Config } from '@backstage/config';
import { z } from 'zod';
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

/** How long a deploy may stay `deploying`, `preview-ready` or `promoted` unchanged by default. */
export const DEFAULT_STUCK_AFTER_MINUTES = 60;

const attentionSchema = z.strictObject({
  stuckAfterMinutes: z
    .number({ error: 'expected a number of minutes' })
    .int('expected a whole number of minutes')
    .min(1, 'expected at least 1 minute')
    .optional(),
});

/**
 * `deployments.attention.stuckAfterMinutes`: after how long without a change a deploy on its way
 * is listed as needing attention (`GET /requests?attention=true`), as a failed one is.
 */
export function readStuckAfterMinutes(config: Config): number {
  const raw = config.getOptional('deployments.attention');
  if (raw === undefined) return DEFAULT_STUCK_AFTER_MINUTES;
  const parsed = attentionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid deployments config:\n  ${parsed.error.issues
        .map(
          issue =>
            `${['deployments.attention', ...issue.path.map(String)].join(
              '.',
            )}: ${issue.message}`,
        )
        .join('\n  ')}`,
    );
  }
  return parsed.data.stuckAfterMinutes ?? DEFAULT_STUCK_AFTER_MINUTES;
}
