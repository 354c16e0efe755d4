import { CloudTrailRecord, DetectionRule } from '../types';
import { unauthorizedApiCalls } from './unauthorizedApiCalls';
import { consoleSignInWithoutMfa } from './consoleSignInWithoutMfa';
import { rootAccountUsage } from './rootAccountUsage';
import { iamPolicyChanges } from './iamPolicyChanges';
import { cloudTrailConfigChanges } from './cloudTrailConfigChanges';
import { consoleAuthenticationFailures } from './consoleAuthenticationFailures';
import { customerManagedKeyDeletion } from './customerManagedKeyDeletion';
import { s3BucketPolicyChanges } from './s3BucketPolicyChanges';
import { awsConfigChanges } from './awsConfigChanges';
import { securityGroupChanges } from './securityGroupChanges';
import { networkAclChanges } from './networkAclChanges';
import { networkGatewayChanges } from './networkGatewayChanges';
import { routeTableChanges } from './routeTableChanges';
import { vpcChanges } from './vpcChanges';
import { organizationsChanges } from './organizationsChanges';

/** The CIS AWS Foundations Benchmark v3.0.0 monitoring controls 4.1–4.15, in order. */
export const detectionRules: readonly DetectionRule[] = [
  unauthorizedApiCalls,
  consoleSignInWithoutMfa,
  rootAccountUsage,
  iamPolicyChanges,
  cloudTrailConfigChanges,
  consoleAuthenticationFailures,
  customerManagedKeyDeletion,
  s3BucketPolicyChanges,
  awsConfigChanges,
  securityGroupChanges,
  networkAclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  organizationsChanges,
];

/** The rules a record matches. */
export function matchingRules(record: CloudTrailRecord): DetectionRule[] {
  return detectionRules.filter(rule => rule.matches(record));
}

export {
  unauthorizedApiCalls,
  consoleSignInWithoutMfa,
  rootAccountUsage,
  iamPolicyChanges,
  cloudTrailConfigChanges,
  consoleAuthenticationFailures,
  customerManagedKeyDeletion,
  s3BucketPolicyChanges,
  awsConfigChanges,
  securityGroupChanges,
  networkAclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  organizationsChanges,
};
