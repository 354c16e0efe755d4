/**
 * Types, framework data and the scoring method of Sparki's compliance plugin, shared by the
 * backend and the frontend. Pure and browser-safe: no I/O, no clock (`now` is always passed in).
 *
 * @packageDocumentation
 */
export type * from './types';
export {
  checkCatalog,
  checkId,
  detectionsReviewedCheckId,
  getCheck,
} from './checks';
export {
  cisAwsFoundations,
  cisEks,
  cisKubernetes,
  frameworks,
  getFramework,
  podSecurityStandards,
  productionHardening,
} from './frameworks';
export { controlCheckMappings, controlsOfCheck } from './mapping';
export { parseScopeKey, sameScope, scopeKey, scopeKinds } from './scope';
export { effectiveResult } from './effectiveResult';
export {
  checkStatesWorstFirst,
  scoreFramework,
  scoreMethodVersion,
} from './score';
export type {
  ControlCheckState,
  ControlScore,
  ControlStatus,
  FrameworkScore,
  ScoreFigures,
  ScoreMode,
} from './score';
export {
  maxAttestationDays,
  maxWaiverDays,
  validateAttestation,
  validateWaiverApproval,
  validateWaiverRequest,
} from './validation';
export type { Validation } from './validation';
export type * from './api';
export {
  controlScopesLimit,
  overviewWorstScopes,
  scopePageLimits,
} from './api';
export { evidencePackManifestHeader, evidencePackPath } from './evidencePack';
export {
  attestationEvidenceFilePath,
  attestationUploadParts,
  evidenceContentTypeOf,
  evidenceContentTypes,
  evidenceFileTypes,
  isEvidenceContentType,
} from './evidenceFiles';
export type { EvidenceContentType } from './evidenceFiles';
export type * from './evidencePack';
export {
  complianceApprovePermission,
  complianceAttestPermission,
  complianceEvidencePackPermission,
  compliancePermissions,
  complianceTriagePermission,
  complianceWaivePermission,
} from './permissions';
