import { useCallback } from 'react';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AuditEventQuery } from '@sparki/audit-trail-common';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { DetectionsView } from '../DetectionsView/DetectionsView';
import { EventsView } from '../EventsView/EventsView';
import { ACCOUNT_ID_ANNOTATION, ARN_ANNOTATION } from './availability';

/**
 * The entity's events, scoped by the backend from its annotations (a resource with its own ARN
 * gets that resource's events, an account or environment the whole account's), and, for
 * account-wide entities, the account's detections.
 */
export const EntityAuditContent = () => {
  const { entity } = useEntity();
  const api = useApi(auditTrailApiRef);
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const accountWide = !annotations[ARN_ANNOTATION];
  const accountId = annotations[ACCOUNT_ID_ANNOTATION];
  const load = useCallback(
    (query: AuditEventQuery) => api.getEntityEvents(entityRef, query),
    [api, entityRef],
  );
  return (
    <Stack spacing={3}>
      {accountWide && accountId && (
        <Card variant="outlined">
          <CardHeader
            title="Detections"
            subheader={`CIS AWS Foundations monitoring controls in account ${accountId}`}
          />
          <CardContent>
            <DetectionsView accountId={accountId} />
          </CardContent>
        </Card>
      )}
      <Card variant="outlined">
        <CardHeader
          title="CloudTrail events"
          subheader={
            accountWide
              ? `Every event of account ${accountId}`
              : `Events about ${annotations[ARN_ANNOTATION]}`
          }
        />
        <CardContent>
          <EventsView load={load} showAccountFilter={false} />
        </CardContent>
      </Card>
    </Stack>
  );
};
