import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  AuditEventQuery,
  CountInterval,
  EventCountBucket,
} from '@sparki/audit-trail-common';
import { describeError } from '@sparki/error-message';
import { auditTrailApiRef } from '../../api/AuditTrailApi';

const stepMs: Record<CountInterval, number> = {
  hour: 3_600_000,
  day: 86_400_000,
};
const MAX_FILLED_BUCKETS = 1000;

/**
 * The backend returns only buckets with events; quiet hours or days are added back as zeros so
 * the time axis is not distorted (unless that would make the chart unreadably dense).
 */
export function fillEmptyBuckets(
  buckets: EventCountBucket[],
  interval: CountInterval,
): EventCountBucket[] {
  if (buckets.length < 2) return buckets;
  const first = Date.parse(buckets[0].time);
  const last = Date.parse(buckets[buckets.length - 1].time);
  const slots = Math.round((last - first) / stepMs[interval]) + 1;
  if (slots > MAX_FILLED_BUCKETS) return buckets;
  const byTime = new Map(buckets.map(b => [Date.parse(b.time), b]));
  return Array.from({ length: slots }, (_, index) => {
    const time = first + index * stepMs[interval];
    return (
      byTime.get(time) ?? {
        time: new Date(time).toISOString(),
        count: 0,
        errorCount: 0,
      }
    );
  });
}

function bucketLabel(iso: string, interval: CountInterval): string {
  const date = new Date(iso);
  return interval === 'day'
    ? date.toLocaleDateString(undefined, { dateStyle: 'medium' })
    : date.toLocaleString(undefined, {
        dateStyle: 'short',
        timeStyle: 'short',
      });
}

/** Events per hour or day for the current filters, failed calls stacked on top in red. */
export const EventCountsChart = ({ query }: { query: AuditEventQuery }) => {
  const api = useApi(auditTrailApiRef);
  const theme = useTheme();
  const [interval, setInterval] = useState<CountInterval>('hour');
  const state = useAsync(
    () => api.countEvents(query, interval),
    [api, query, interval],
  );
  const data = fillEmptyBuckets(state.value ?? [], interval).map(bucket => ({
    time: bucketLabel(bucket.time, interval),
    succeeded: bucket.count - bucket.errorCount,
    failed: bucket.errorCount,
  }));
  return (
    <Box>
      <Box
        sx={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
        }}
      >
        <Typography variant="subtitle2">Events over time</Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={interval}
          onChange={(_, value) => value && setInterval(value)}
          aria-label="interval"
        >
          <ToggleButton value="hour">Per hour</ToggleButton>
          <ToggleButton value="day">Per day</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {state.error && (
        <Alert severity="error">
          Could not count events: {describeError(state.error)}
        </Alert>
      )}
      {!state.loading && !state.error && data.length === 0 && (
        <Typography color="text.secondary">No events to count.</Typography>
      )}
      {data.length > 0 && (
        <ResponsiveContainer width="100%" height={180}>
          <BarChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="time" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="succeeded"
              name="Succeeded"
              stackId="events"
              maxBarSize={48}
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
            <Bar
              dataKey="failed"
              name="Failed"
              stackId="events"
              maxBarSize={48}
              fill={theme.palette.error.main}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
};
