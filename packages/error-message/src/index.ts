/**
 * What Sparki's pages tell people about a failed call, shared by the frontend plugins.
 *
 * @packageDocumentation
 */
export { describeError } from './describeError';
