/**
 * Request validation shared by Sparki's backend plugins: a zod schema's verdict as the 400 that
 * Backstage's error handler answers for an `InputError`.
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
