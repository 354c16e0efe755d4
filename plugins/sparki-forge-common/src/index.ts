/**
 * Shared by the local git forge's backend, its catalog entity provider, the Scaffolder actions
 * and the frontend: one definition of changes, lifecycles and the merge permission.
 *
 * @packageDocumentation
 */
export type {
  EnvironmentChangeKind,
  EnvironmentLifecycle,
  ForgeChange,
  ForgeChangeDetail,
  ForgeChangeSummary,
} from './forge';
export {
  ENVIRONMENT_LIFECYCLES,
  FORGE_ANNOTATIONS,
  FORGE_EVENTS_TOPIC,
  FORGE_LOCATION_TYPE,
  forgeChangePath,
  forgeLocationRef,
} from './forge';
export {
  sparkiForgeMergePermission,
  sparkiForgePermissions,
} from './permissions';
