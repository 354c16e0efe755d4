import { InputError } from '@backstage/errors';
import { runbookDateSchema } from '@sparki/runbooks-common';
import { z } from 'zod';

export const testedQuery = z.strictObject({ since: runbookDateSchema });

/** Parses with zod; a failure is a 400 naming each field and what is wrong with it. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: 'body' | 'query',
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const reasons = result.error.issues.map(issue => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown ${where} field${
        issue.keys.length > 1 ? 's' : ''
      } ${issue.keys.join(', ')}`;
    }
    const message = /received undefined$/.test(issue.message)
      ? 'is required'
      : issue.message;
    return field ? `${field} ${message}` : message;
  });
  throw new InputError(`Invalid ${where}: ${reasons.join('; ')}`);
}
