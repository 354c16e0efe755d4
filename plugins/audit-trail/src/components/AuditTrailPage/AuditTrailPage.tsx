import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Content } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AuditEventQuery } from '@sparki/audit-trail-common';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { DetectionsView } from '../DetectionsView/DetectionsView';
import { EventsView } from '../EventsView/EventsView';
import { IngestRunsView } from '../IngestRunsView/IngestRunsView';

const tabs = ['events', 'detections', 'ingestion'] as const;
type TabId = (typeof tabs)[number];

/** CloudTrail events of every account, CIS detections and ingestion health (`?tab=`). */
export const AuditTrailPage = () => {
  const api = useApi(auditTrailApiRef);
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as TabId | null;
  const tab: TabId =
    requested && tabs.includes(requested) ? requested : 'events';
  const searchEvents = useCallback(
    (query: AuditEventQuery) => api.searchEvents(query),
    [api],
  );
  return (
    <Content>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs value={tab} onChange={(_, value) => setParams({ tab: value })}>
          <Tab value="events" label="Events" />
          <Tab value="detections" label="Detections" />
          <Tab value="ingestion" label="Ingestion" />
        </Tabs>
      </Box>
      {tab === 'events' && <EventsView load={searchEvents} exportable />}
      {tab === 'detections' && <DetectionsView />}
      {tab === 'ingestion' && <IngestRunsView />}
    </Content>
  );
};
