/**
 * Scaffolder actions of Sparki Portal's self-service environments.
 *
 * @packageDocumentation
 */
export { scaffolderModuleSparki as default } from './module';
export { createEnvironmentValidateAction } from './actions/environmentValidate';
export { createTerraformValidateAction } from './actions/terraformValidate';
export { createEnvironmentLocateAction } from './actions/environmentLocate';
export { createEnvironmentUpdateAction } from './actions/environmentUpdate';
export { createEnvironmentDecommissionAction } from './actions/environmentDecommission';
export { createEnvironmentPreviewAction } from './actions/environmentPreview';
export { previewRoot } from './environment/preview';
export { createForgeProposeAction } from './actions/forgePropose';
export { createForgeFetchAction } from './actions/forgeFetch';
export { LocalForge } from './forge/LocalForge';
export type {
  ForgeChange,
  ProposeRequest,
  RemovedRoot,
} from './forge/LocalForge';
export { sparkiTemplateFilters } from './templating/filters';
export { readEnvironmentsConfig } from './config';
export type { EnvironmentsConfig, AllowedAccount } from './config';
export { validateRoot, formatProblem } from './terraform/validateRoot';
export type {
  RootProblem,
  RootValidationResult,
} from './terraform/validateRoot';
export { previewRequest } from './environment/requestPreview';
export type { PreviewRequest } from './environment/requestPreview';
export { ModuleDefinitionCache } from './terraform/moduleDefinitions';
export { COMPONENTS, SIZES, TIERS } from './environment/tiers';
