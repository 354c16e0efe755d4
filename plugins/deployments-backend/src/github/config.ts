import { z } from 'zod';

export const DEFAULT_GITHUB_BASE_URL = 'https://api.github.com';

const ownerOrRepo = z
  .string({ error: 'expected a GitHub owner or repository name' })
  .regex(
    /^[A-Za-z0-9_.-]{1,100}$/,
    'expected a GitHub owner or repository name (letters, digits, "-", "_", ".")',
  );

const githubConfigSchema = z.strictObject({
  baseUrl: z
    .url({ error: 'expected an http(s) URL' })
    .default(DEFAULT_GITHUB_BASE_URL)
    .transform(url => url.replace(/\/+$/, '')),
  /** The only authority on which repository deploys which service (never a catalog annotation). */
  repositories: z
    .array(
      z.strictObject({
        serviceRef: z
          .string()
          .regex(
            /^[a-z0-9-]+:[^:/\s]+\/\S+$/i,
            'expected an entity ref such as component:default/payments',
          ),
        owner: ownerOrRepo,
        repo: ownerOrRepo,
      }),
    )
    .default([]),
  protectionRule: z
    .strictObject({
      webhookSecret: z.string().min(16, 'at least 16 characters'),
      appId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
      privateKey: z
        .string()
        .regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'expected a PEM key'),
      /** Who the portal records as the requester of a deploy the rule holds. */
      pipelineIdentity: z.string().min(1).default('github-actions'),
    })
    .optional(),
});

export type GitHubConfig = z.output<typeof githubConfigSchema>;
export type ProtectionRuleConfig = NonNullable<GitHubConfig['protectionRule']>;

/**
 * `deployments.github`, validated; undefined when absent (the feature is off). Bad config throws
 * with every problem and its path: a wrong repository mapping would gate the wrong service.
 */
export function readGitHubConfig(raw: unknown): GitHubConfig | undefined {
  if (raw === undefined) return undefined;
  const parsed = githubConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid deployments.github config:\n  ${parsed.error.issues
        .map(
          issue =>
            `${['deployments', 'github', ...issue.path.map(String)].join(
              '.',
            )}: ${issue.message}`,
        )
        .join('\n  ')}`,
    );
  }
  const seen = new Set<string>();
  for (const { owner, repo } of parsed.data.repositories) {
    const key = `${owner}/${repo}`.toLowerCase();
    if (seen.has(key)) {
      throw new Error(
        `Invalid deployments.github config: repository ${owner}/${repo} is mapped twice`,
      );
    }
    seen.add(key);
  }
  return parsed.data;
}

/** The service a repository deploys, from config only; GitHub names are case-insensitive. */
export function serviceOfRepository(
  config: GitHubConfig,
  owner: string,
  repo: string,
): string | undefined {
  const key = `${owner}/${repo}`.toLowerCase();
  return config.repositories.find(
    r => `${r.owner}/${r.repo}`.toLowerCase() === key,
  )?.serviceRef;
}
