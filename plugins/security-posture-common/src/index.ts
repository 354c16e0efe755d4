/**
 * Types and pure logic of Sparki's cluster security posture, shared by the backend, the frontend
 * and the command line.
 *
 * @packageDocumentation
 */
export * from './inventory';
export * from './controls';
export * from './permissions';
