import type { Entity } from '@backstage/catalog-model';

// Apart from the tab's component so that the plugin's entry (loaded at app boot) does not pull in
// the tab and its charts.

export const ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';
export const ARN_ANNOTATION = 'amazonaws.com/arn';

/** Entities that stand for AWS things: accounts and environments (account id), resources (ARN). */
export function isAuditTrailAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ACCOUNT_ID_ANNOTATION] || annotations[ARN_ANNOTATION],
  );
}
