/**
 * What to tell people about a failed call: the backend's own message when it sent one (a
 * `ResponseError`'s body, e.g. "from must be before to"), else the error's message.
 */
export function describeError(error: unknown): string {
  const body = (error as { body?: { error?: { message?: unknown } } })?.body;
  if (typeof body?.error?.message === 'string') return body.error.message;
  return error instanceof Error ? error.message : String(error);
}
