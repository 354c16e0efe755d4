import path from 'node:path';
import { z } from 'zod';

const name = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .regex(
      /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/,
      `expected ${what} (a Kubernetes name: lower case letters, digits, "-" and ".")`,
    );

const colorNames = z.strictObject({
  blue: name('a name'),
  green: name('a name'),
});

/** Watch the promoted target for this long before it is live; roll back when it fails. */
const healthWatch = z.strictObject({
  minutes: z.number().positive('expected a positive number of minutes'),
  intervalSeconds: z.number().int().min(5, 'at least 5 seconds').default(30),
  /** Checked with GET (2xx is healthy) instead of, or where the provider has none, its own check. */
  url: z.url({ error: 'expected an http(s) URL' }).optional(),
});

const base = {
  serviceRef: z
    .string()
    .regex(
      /^[a-z0-9-]+:[^:/\s]+\/\S+$/i,
      'expected an entity ref such as component:default/sparki-api',
    ),
  environment: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an environment name'),
  healthWatch: healthWatch.optional(),
};

const repositoryFile = z
  .string()
  .regex(
    /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+\.ya?ml$/,
    'expected a relative path to a .yaml file, without "." or ".." parts',
  );

const target = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      ...base,
      provider: z.literal('kubernetes-blue-green'),
      cluster: z.string().min(1),
      namespace: name('a namespace'),
      service: name('a Service name'),
      deployments: colorNames.optional(),
      colorServices: colorNames.optional(),
    }),
    z.strictObject({
      ...base,
      provider: z.literal('argo-rollouts'),
      cluster: z.string().min(1),
      namespace: name('a namespace'),
      rollout: name('a Rollout name'),
    }),
    z.strictObject({
      ...base,
      provider: z.literal('gitops'),
      /** The bare manifests repository (a local path, relative to the backend's directory). */
      repository: z.string().min(1),
      branch: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)
        .default('main'),
      /** Files the repository is created from when it does not exist (the demo). */
      seedDirectory: z.string().min(1).optional(),
      file: repositoryFile,
      namespace: name('a namespace'),
      service: name('a Service name'),
    }),
  ],
  { error: 'expected provider kubernetes-blue-green, argo-rollouts or gitops' },
);

const cluster = z.strictObject({
  name: z.string().min(1),
  url: z.url({ error: 'expected the API server URL' }),
  serviceAccountToken: z
    .string()
    .min(1, 'expected the portal service account token'),
  caData: z.string().optional(),
  skipTLSVerify: z.boolean().optional(),
});

export const rolloutConfigSchema = z.strictObject({
  clusters: z.array(cluster).default([]),
  targets: z.array(target).default([]),
});

export type RolloutConfig = z.output<typeof rolloutConfigSchema>;

/**
 * Reads `deployments.rollout`: where each service's traffic is switched, per environment. Config
 * only (catalog annotations are editable by service owners). Paths are resolved against
 * `baseDirectory` (the backend's directory); every problem is reported with its path.
 */
export function readRolloutConfig(
  raw: unknown,
  baseDirectory: string = process.cwd(),
): RolloutConfig {
  const parsed = rolloutConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid deployments.rollout config:\n  ${parsed.error.issues
        .map(
          issue =>
            `${['deployments.rollout', ...issue.path.map(String)].join('.')}: ${
              issue.message
            }`,
        )
        .join('\n  ')}`,
    );
  }
  const config = parsed.data;
  const errors: string[] = [];
  const clusterNames = new Set(config.clusters.map(c => c.name));
  const seen = new Set<string>();
  config.targets.forEach((t, index) => {
    const key = `${t.serviceRef.toLowerCase()} in ${t.environment}`;
    if (seen.has(key)) {
      errors.push(
        `deployments.rollout.targets.${index}: ${key} is configured twice`,
      );
    }
    seen.add(key);
    if (t.provider === 'gitops' && t.healthWatch && !t.healthWatch.url) {
      errors.push(
        `deployments.rollout.targets.${index}.healthWatch.url: a gitops target has no cluster to check: give a health URL`,
      );
    }
    if (t.provider !== 'gitops' && !clusterNames.has(t.cluster)) {
      errors.push(
        `deployments.rollout.targets.${index}.cluster: no cluster "${t.cluster}" under deployments.rollout.clusters`,
      );
    }
  });
  if (errors.length > 0) {
    throw new Error(
      `Invalid deployments.rollout config:\n  ${errors.join('\n  ')}`,
    );
  }
  return {
    ...config,
    targets: config.targets.map(t =>
      t.provider === 'gitops'
        ? {
            ...t,
            repository: path.resolve(baseDirectory, t.repository),
            seedDirectory:
              t.seedDirectory && path.resolve(baseDirectory, t.seedDirectory),
          }
        : t,
    ),
  };
}
