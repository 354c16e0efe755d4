/**
 * Frontend of Sparki's runbooks: the /runbooks page and its API client. Links to runbooks and
 * the severity chip for other plugins live in `@sparki/runbooks-react`.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { runbooksApiRef } from './api/RunbooksApi';
export type { RunbooksApi } from './api/RunbooksApi';
export { RunbooksClient } from './api/RunbooksClient';
