import { z } from 'zod';
import { scopeParam, timestamp } from '../validation';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Without `from`, a pack covers this many days before `to`. */
export const defaultPeriodDays = 90;

/** `GET /evidence-pack?framework=&scope=&from=&to=`; the period defaults to the last 90 days. */
export const evidencePackQuery = z
  .strictObject({
    framework: z.string({ error: 'is required' }).min(1, 'is required'),
    scope: scopeParam.optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
  })
  .transform((query, context) => {
    const to = new Date(query.to ?? Date.now()).toISOString();
    const from = new Date(
      query.from ?? Date.parse(to) - defaultPeriodDays * DAY_MS,
    ).toISOString();
    if (from >= to) {
      context.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'must be before to',
      });
      return z.NEVER;
    }
    return { ...query, from, to };
  });
