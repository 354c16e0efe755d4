/**
 * Wire types and id rules shared by the runbooks frontend and backend.
 *
 * @packageDocumentation
 */
export * from './types';
