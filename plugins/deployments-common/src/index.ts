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
} from './policy/config';
export { environmentPolicySchema, parseDeploymentsConfig, parseEnvironmentPolicy } from './policy/config';
export { describeChangeWindow, isInChangeWindow, weekdays } from './policy/changeWindow';
export type { Weekday } from './policy/changeWindow';
export { canonicalJson, policyHash } from './policy/policyHash';
export { evaluatePolicy } from './policy/evaluatePolicy';
export { requestExpiresAt } from './policy/rules/requestExpiry';
export { displayRef } from './policy/describe';
export type * from './policy/types';
