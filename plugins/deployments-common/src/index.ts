export * from './types';
export * from './permissions';
export * from './stateMachine';
export type {
  ApprovalPolicy,
  ChangeWindow,
  DeploymentsConfigParseResult,
  EnvironmentPolicy,
  Freeze,
  PolicyParseResult,
  PostureGatePolicy,
  Weekday,
} from './policy/config';
export {
  environmentPolicySchema,
  parseDeploymentsConfig,
  parseEnvironmentPolicy,
  weekdays,
} from './policy/config';
export { describeChangeWindow, isInChangeWindow } from './policy/changeWindow';
export { canonicalJson, policyHash } from './policy/policyHash';
export { evaluatePolicy } from './policy/evaluatePolicy';
export { requestExpiresAt } from './policy/rules/requestExpiry';
export { displayRef } from './policy/describe';
export type * from './policy/types';
export type * from './api';
