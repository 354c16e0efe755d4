import {
  overviewWorstScopes,
  parseScopeKey,
  scopePageLimits,
} from '@sparki/compliance-common';
import { z } from 'zod';

const text = (what: string, max: number) =>
  z
    .string({ error: `expected ${what} as text` })
    .trim()
    .max(max, `at most ${max} characters`);

export const timestamp = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date and time, e.g. 2026-06-30T00:00:00Z',
});

export const scopeParam = z.string().transform((value, context) => {
  const scope = parseScopeKey(value);
  if (!scope) {
    context.addIssue({
      code: 'custom',
      message:
        'expected <kind>:<id> with kind cluster, namespace, account or entity, e.g. cluster:sparki-prod',
    });
    return z.NEVER;
  }
  return scope;
});

/** A whole number `min`–`max` in a query (text), `fallback` when absent. */
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .min(min, `expected ${min}–${max}`)
    .max(max, `expected ${min}–${max}`)
    .default(fallback);

const limit = (max: number, fallback: number) => count(1, max, fallback);

/** An offset into a list: a whole number from 0 (past the end: an empty page). */
const offset = z.coerce
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .min(0, 'expected 0 or more')
  .default(0);

export const frameworkParams = z.strictObject({
  frameworkId: z.string().min(1),
});

export const controlParams = z.strictObject({
  frameworkId: z.string().min(1),
  controlId: z.string().min(1),
});

export const scopeQuery = z.strictObject({ scope: scopeParam.optional() });

export const overviewQuery = z.strictObject({
  scope: scopeParam.optional(),
  worstScopes: count(0, overviewWorstScopes.max, overviewWorstScopes.default),
});

export const scopePageQuery = z.strictObject({
  offset,
  limit: limit(scopePageLimits.max, scopePageLimits.default),
});

export const controlQuery = z.strictObject({
  scope: scopeParam.optional(),
  state: z
    .enum(['pass', 'fail', 'not-applicable', 'unknown', 'waived', 'attested'], {
      error: 'expected pass, fail, not-applicable, unknown, waived or attested',
    })
    .optional(),
  limit: limit(500, 100),
  cursor: z.string().max(200).optional(),
});

export const resourcesQuery = z.strictObject({
  checkId: z.string({ error: 'is required' }).min(1, 'is required'),
  scope: scopeParam,
  limit: limit(500, 100),
  cursor: z.string().max(2000).optional(),
});

export const waiverListQuery = z.strictObject({
  state: z
    .enum(['requested', 'approved', 'rejected', 'revoked', 'expired'], {
      error: 'expected requested, approved, rejected, revoked or expired',
    })
    .optional(),
  checkId: z.string().optional(),
  scope: scopeParam.optional(),
});

export const attestationListQuery = z.strictObject({
  state: z
    .enum(['current', 'expired', 'revoked'], {
      error: 'expected current, expired or revoked',
    })
    .optional(),
  checkId: z.string().optional(),
  scope: scopeParam.optional(),
});

export const historyQuery = z.strictObject({
  framework: z.string({ error: 'is required' }).min(1, 'is required'),
  scope: scopeParam.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  asOf: timestamp.optional(),
  limit: limit(1000, 400),
});

export const controlHistoryQuery = z.strictObject({
  scope: scopeParam.optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  limit: limit(1000, 400),
});

export const idParams = z.strictObject({
  id: z.uuid({ error: 'expected an id (a UUID)' }),
});

export const eventParams = z.strictObject({
  eventId: z.string().min(1).max(255),
});

export const decisionBody = z.strictObject({
  comment: text('a comment', 4000).optional(),
});

export const rejectBody = z.strictObject({
  comment: text('a comment', 4000).min(1, 'a rejection needs a comment'),
});

export const revocationBody = z.strictObject({
  reason: text('a reason', 4000).min(1, 'a revocation needs a reason'),
});

export const acknowledgementsQuery = z.strictObject({
  ruleId: z.string().min(1).optional(),
});

export const acknowledgeBody = z.strictObject({
  ruleId: z.string({ error: 'is required' }).min(1, 'is required'),
  note: text('a note', 4000).min(1, 'an acknowledgement needs a note'),
});

/** ISO 8601 UTC with milliseconds, as stored (so text comparison orders times). */
export const toStoredTime = (time: string | undefined) =>
  time === undefined ? undefined : new Date(time).toISOString();
