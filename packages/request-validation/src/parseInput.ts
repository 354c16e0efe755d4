import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates a request's body, query or path parameters against `schema`, or throws an
 * `InputError` (HTTP 400) naming every problem and where it is:
 * `Invalid query: limit: expected at most 500; cursor: is required`. `what` names the input in
 * that message (and stands for the path of a problem with the input as a whole).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  // An absent body or query is an empty one: its schema says which fields it needs.
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map(
        issue =>
          `${issue.path.length ? issue.path.join('.') : what}: ${
            issue.message
          }`,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}
