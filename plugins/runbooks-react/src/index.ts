/**
 * What other plugins use of Sparki's runbooks: the route refs of the runbooks page, a
 * `RunbookLink` to one runbook and the `SeverityChip` of findings and detections.
 *
 * @packageDocumentation
 */
export { runbooksRouteRef, runbookRouteRef } from './routes';
export { RunbookLink } from './components/RunbookLink/RunbookLink';
export { SeverityChip } from './components/SeverityChip/SeverityChip';
