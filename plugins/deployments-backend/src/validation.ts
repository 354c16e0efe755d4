import { deploymentStates } from '@sparki/deployments-common';
import { z } from 'zod';

/** The longest a `wait` call holds the connection (proxies commonly cut idle ones at 60 s). */
export const MAX_WAIT_SECONDS = 60;

const entityRef = (kind: string, example: string) =>
  z
    .string({ error: `expected an entity ref such as ${example}` })
    .regex(
      new RegExp(`^${kind}:[^:/\\s]+/[^\\s]+$`, 'i'),
      `expected an entity ref such as ${example}`,
    )
    .max(255, 'at most 255 characters');

const text = (what: string, max: number) =>
  z
    .string({ error: `expected ${what} as text` })
    .trim()
    .max(max, `at most ${max} characters`);

export const createRequestBody = z.strictObject({
  serviceRef: entityRef('[a-z0-9-]+', 'component:default/payments'),
  environment: z
    .string({ error: 'expected an environment name such as prod' })
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an environment name such as prod'),
  version: z.strictObject(
    {
      commitSha: z
        .string({ error: 'expected a commit sha' })
        .regex(/^[0-9a-f]{7,40}$/, 'expected a commit sha (7–40 hex digits)'),
      tag: text('a tag', 128).min(1, 'expected a tag or none').optional(),
      imageDigest: z
        .string()
        .regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>')
        .optional(),
    },
    { error: 'expected { commitSha, tag?, imageDigest? }' },
  ),
  reason: text('a reason', 2000).min(1, 'a deploy needs a reason'),
  commitAuthor: entityRef('user', 'user:default/carol').optional(),
});

export const approveBody = z.strictObject({
  comment: text('a comment', 2000).optional(),
});

export const rejectBody = z.strictObject({
  comment: text('a comment', 2000).min(1, 'a rejection needs a comment'),
});

export const cancelBody = approveBody;

export const overrideBody = z.strictObject({
  kind: z.enum(['freeze', 'posture'], {
    error: 'expected freeze (change windows and freezes) or posture',
  }),
  reason: text('a reason', 2000).min(1, 'an override needs a reason'),
});

const flag = z
  .enum(['true', 'false'], { error: 'expected true or false' })
  .transform(value => value === 'true');

/** A page's end as text: `<createdAt>~<id>` (what `GET /requests` answers as `nextAfter`). */
export function formatRequestCursor(cursor: {
  createdAt: string;
  id: string;
}): string {
  return `${cursor.createdAt}~${cursor.id}`;
}

const requestCursor = z
  .string()
  .regex(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[0-9a-f-]{36}$/i,
    'expected the nextAfter of a previous page',
  )
  .transform(cursor => {
    const [createdAt, id] = cursor.split('~');
    return { createdAt, id };
  });

export const listQuery = z
  .strictObject({
    state: z
      .enum(deploymentStates, {
        error: `expected one of ${deploymentStates.join(', ')}`,
      })
      .optional(),
    environment: z.string().max(64).optional(),
    service: z.string().max(255).optional(),
    waitingForMe: flag.optional(),
    // Normalised to the stored form (UTC, milliseconds), which compares as text.
    updatedSince: z.iso
      .datetime({
        offset: true,
        error: 'expected an ISO 8601 time such as 2026-11-01T00:00:00Z',
      })
      .transform(time => new Date(time).toISOString())
      .optional(),
    after: requestCursor.optional(),
    limit: z.coerce
      .number({ error: 'expected a number' })
      .int('expected a whole number')
      .min(1, 'expected 1–500')
      .max(500, 'expected 1–500')
      .optional(),
    attention: flag.optional(),
  })
  // Attention picks its own states (failed, stuck deploys): another state filter contradicts it.
  .refine(query => !(query.attention && (query.state || query.waitingForMe)), {
    path: ['attention'],
    message:
      'attention=true lists failed and stuck deploys: drop state and waitingForMe',
  });

export const waitQuery = z.strictObject({
  timeoutSeconds: z.coerce
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(0, `expected 0–${MAX_WAIT_SECONDS}`)
    .max(MAX_WAIT_SECONDS, `expected 0–${MAX_WAIT_SECONDS}`)
    .default(30),
});

export const idParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f-]{36}$/i, 'expected a request id (a UUID)'),
});

const refPart = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, `expected an entity ${what}`);

export const serviceParams = z.strictObject({
  namespace: refPart('namespace'),
  kind: refPart('kind'),
  name: refPart('name'),
});

export const historyQuery = z.strictObject({
  serviceRef: entityRef('[a-z0-9-]+', 'component:default/payments').optional(),
  environment: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an environment name such as prod')
    .optional(),
  limit: z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(1, 'expected 1–200')
    .max(200, 'expected 1–200')
    .default(50),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'expected the nextBefore of a previous page')
    .transform(Number)
    .optional(),
});
