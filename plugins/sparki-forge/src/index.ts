/**
 * Frontend of Sparki Portal's local git forge: the lifecycle card of environments and the
 * change pages (diff, merge).
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { sparkiForgeApiRef } from './api/SparkiForgeApi';
export type { SparkiForgeApi } from './api/SparkiForgeApi';
export { SparkiForgeClient } from './api/SparkiForgeClient';
