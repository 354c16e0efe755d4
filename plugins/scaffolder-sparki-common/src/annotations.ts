/** Annotations every environment Resource carries; the CIDR checks read them back. */
export const ENVIRONMENT_ANNOTATIONS = {
  vpcCidr: 'sparki.io/vpc-cidr',
  region: 'sparki.io/region',
  tier: 'sparki.io/tier',
  clusterName: 'sparki.io/cluster-name',
  accountId: 'amazonaws.com/account-id',
} as const;

/** Catalog filter selecting environment Resources. */
export const ENVIRONMENT_FILTER = {
  kind: 'Resource',
  'spec.type': 'environment',
} as const;
