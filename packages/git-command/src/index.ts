/**
 * The `git` binary for Sparki's backend plugins, run the one safe way: argument arrays, no shell,
 * no host configuration.
 *
 * @packageDocumentation
 */
export { runGit } from './runGit';
