/**
 * Search collator of Sparki's runbooks: the portal's search finds runbooks by title, summary,
 * body and tags.
 *
 * @packageDocumentation
 */
export { searchModuleRunbooks as default } from './module';
export { RunbooksCollatorFactory } from './RunbooksCollatorFactory';
export type {
  RunbookDocument,
  RunbooksCollatorFactoryOptions,
} from './RunbooksCollatorFactory';
