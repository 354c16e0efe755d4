/**
 * Wire types, id rules and the frontmatter schema shared by the runbooks frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './frontmatter';
export * from './permissions';
export * from './annotation';
