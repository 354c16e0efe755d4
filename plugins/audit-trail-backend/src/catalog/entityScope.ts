import { Entity } from '@backstage/catalog-model';
import { EntityEventScope } from '@sparki/audit-trail-common';

export const ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';
export const ARN_ANNOTATION = 'amazonaws.com/arn';
export const IAM_ROLE_ARN_ANNOTATION = 'amazonaws.com/iam-role-arn';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
}

/**
 * The AWS identifiers an entity stands for. An entity with its own ARN (a database, a
 * cache) is matched by that ARN, not by its whole account; entities that only carry an
 * account id (accounts, environments) get every event of the account. IAM role annotations
 * add the calls the entity's workloads make.
 */
export function entityScope(entity: Entity): EntityEventScope {
  const annotations = entity.metadata.annotations ?? {};
  const resourceArns = list(annotations[ARN_ANNOTATION]);
  const roleArns = list(annotations[IAM_ROLE_ARN_ANNOTATION]);
  return {
    accountIds: resourceArns.length
      ? []
      : list(annotations[ACCOUNT_ID_ANNOTATION]),
    arns: [...resourceArns, ...roleArns],
  };
}
