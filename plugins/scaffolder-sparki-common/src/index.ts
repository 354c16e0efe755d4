/**
 * Shared by @sparki/scaffolder-backend-module-sparki (server-side checks) and
 * @sparki/scaffolder-sparki (form fields): one definition of CIDR arithmetic and annotations.
 *
 * @packageDocumentation
 */
export { formatAddress, isPrivate, overlaps, parseCidr } from './cidr';
export type { Ipv4Network } from './cidr';
export { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_FILTER } from './annotations';
export type {
  EnvironmentPreviewRequest,
  EnvironmentPreviewResponse,
  ModulePreview,
  RootPreview,
  SettingPreview,
} from './preview';
