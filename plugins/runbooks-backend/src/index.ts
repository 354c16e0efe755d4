/**
 * Backend of Sparki's runbooks: serves the markdown runbooks that posture findings and
 * audit-trail detections point to, at /api/runbooks.
 *
 * @packageDocumentation
 */
export { runbooksPlugin as default } from './plugin';
export { RunbookLibrary, parseRunbook } from './service/RunbookLibrary';
export type {
  RunbookLibraryOptions,
  RunbookQuery,
} from './service/RunbookLibrary';
