// The API ref lives in `@sparki/runbooks-react` so that `RunbookLink` in other plugins can use it.
export { runbooksApiRef } from '@sparki/runbooks-react';
export type { RunbooksApi } from '@sparki/runbooks-react';
