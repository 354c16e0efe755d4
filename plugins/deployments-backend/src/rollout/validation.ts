import { z } from 'zod';

const text = (what: string, max: number) =>
  z
    .string({ error: `expected ${what} as text` })
    .trim()
    .max(max, `at most ${max} characters`);

export const eventBody = z.strictObject({
  type: z.enum(['start-deploy', 'preview-ready', 'live', 'fail'], {
    error: 'expected start-deploy, preview-ready, live or fail',
  }),
  id: z
    .string({ error: 'expected an idempotency key as text' })
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
      'expected an idempotency key (letters, digits, ".", "_", ":", "-"; at most 128)',
    )
    .optional(),
  providerRefs: z
    .array(
      z.strictObject({
        provider: z.enum(
          [
            'portal',
            'github-environment',
            'github-protection-rule',
            'kubernetes-blue-green',
            'argo-rollouts',
            'gitops',
          ],
          { error: 'expected a known provider' },
        ),
        id: text('an id', 255).min(1, 'expected an id'),
        url: z.url({ error: 'expected an http(s) URL' }).optional(),
      }),
    )
    .max(20, 'at most 20 provider references')
    .optional(),
  comment: text('a comment', 2000).optional(),
});

export const promoteBody = z.strictObject({
  comment: text('a comment', 2000).optional(),
});

export const rollbackBody = z.strictObject({
  reason: text('a reason', 2000).min(1, 'a rollback needs a reason'),
});

export const abortBody = z.strictObject({
  reason: text('a reason', 2000).min(1, 'an abort needs a reason'),
});

export const retryBody = z.strictObject({
  reason: text('a reason', 2000).min(1, 'a retry needs a reason'),
});
