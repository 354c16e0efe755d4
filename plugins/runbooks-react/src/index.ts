/**
 * What other plugins use of Sparki's runbooks: the route refs of the runbooks page, the API ref
 * of its client, a `RunbookLink` to one runbook with its staleness, the `StalenessChip` and the
 * `SeverityChip` of findings and detections.
 *
 * @packageDocumentation
 */
export { runbooksRouteRef, runbookRouteRef } from './routes';
export { runbooksApiRef } from './api';
export type { RunbooksApi } from './api';
export { RunbookLink } from './components/RunbookLink/RunbookLink';
export { SeverityChip } from './components/SeverityChip/SeverityChip';
export { StalenessChip } from './components/StalenessChip/StalenessChip';
export { describeStaleness } from './components/StalenessChip/staleness';
