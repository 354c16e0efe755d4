/**
 * Types and pure logic of Sparki's cluster security posture, shared by the backend, the frontend
 * and the command line. Browser-safe: no Node.js module is imported from here (the CLI lives in
 * `cli/`, outside this entry point).
 *
 * @packageDocumentation
 */
export * from './inventory';
export * from './controls';
export * from './permissions';
export * from './pss';
export type * from './api';
export { controlCatalog, getControl } from './controls/catalog';
export { evaluateInventory } from './evaluation/evaluateInventory';
export type { EvaluateInventoryOptions } from './evaluation/evaluateInventory';
export {
  createEvaluationContext,
  defaultSystemNamespaces,
} from './evaluation/context';
export type {
  EvaluationContext,
  EvaluationOptions,
} from './evaluation/context';
export {
  controlScore,
  scoreNamespacesByFramework,
  scorePosture,
  severityWeights,
  weightedScore,
} from './score';
export type { PostureScore, ScoreSummary } from './score';
export {
  buildInventory,
  inventoryKindOf,
  ManifestError,
  parseManifest,
  parseManifests,
} from './manifests';
export type { BuiltInventory, ManifestFile } from './manifests';
export { whatIfPodSecurity } from './podSecurity/whatIf';
export type {
  WhatIfNamespace,
  WhatIfRequest,
  WhatIfResult,
} from './podSecurity/whatIf';
export type { PodSecurityViolation } from './podSecurity/workloadPodSecurity';
export { compileLabelSelector, selectsEverything } from './kube/labelSelector';
export type {
  LabelSelector,
  LabelSelectorRequirement,
} from './kube/labelSelector';
export { listPodWorkloads, workloadKinds } from './kube/workloads';
export {
  defaultNamespaceResources,
  metadataOnly,
} from './kube/defaultNamespaceObjects';
export type { NamespacedResource } from './kube/defaultNamespaceObjects';
export type { PodWorkload } from './kube/workloads';
export { effectivePolicyTypes } from './network/networkPolicyIndex';
