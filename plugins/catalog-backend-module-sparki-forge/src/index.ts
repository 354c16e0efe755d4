/**
 * Catalog entity provider of the environments on Sparki Portal's local git forge.
 *
 * @packageDocumentation
 */
export { catalogModuleSparkiForge as default } from './module';
export { ForgeEntityProvider } from './ForgeEntityProvider';
export { readForgeEntities } from './readForgeEntities';
export type { ForgeEnvironment, RootProblem } from './readForgeEntities';
export { readForgeServices } from './readForgeServices';
export type { ForgeService, ServiceProblem } from './readForgeServices';
