import { DetectionRule } from '../types';

const EVENT_NAMES = [
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
];

/** CIS 4.8 / Security Hub CloudWatch.8. */
export const s3BucketPolicyChanges: DetectionRule = {
  id: 's3-bucket-policy-changes',
  title: 'S3 bucket policy changes',
  cisControlId: '4.8',
  securityHubControlId: 'CloudWatch.8',
  severity: 'medium',
  runbookId: 'audit-trail-s3-bucket-policy-change',
  metricFilterPattern: `{ ($.eventSource = s3.amazonaws.com) && (${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')}) }`,
  matches: record =>
    record.eventSource === 's3.amazonaws.com' &&
    EVENT_NAMES.includes(record.eventName),
};
