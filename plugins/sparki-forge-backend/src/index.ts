/**
 * Backend of Sparki Portal's local git forge: its changes, their diffs, and merging them.
 *
 * @packageDocumentation
 */
export { sparkiForgePlugin as default } from './plugin';
