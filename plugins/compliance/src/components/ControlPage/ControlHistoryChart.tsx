import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ControlHistoryPoint, ScopeRef } from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import {
  controlStatusLabels,
  formatDate,
  formatTime,
  isNotFound,
} from '../common/format';
import {
  MethodChangeNotes,
  methodChangeLines,
  methodChanges,
} from '../common/TrendChart';

const HISTORY_DAYS = 90;

function percent(fraction: number | null): number | null {
  return fraction === null ? null : Math.round(fraction * 1000) / 10;
}

/** One chart row per stored snapshot; null progress leaves a gap ("no data" is not 0 %). */
export function chartRows(points: ControlHistoryPoint[]) {
  return points.map(point => ({
    time: Date.parse(point.takenAt),
    status: controlStatusLabels[point.status],
    operational: percent(point.progress.operational),
    conservative: percent(point.conservativeProgress.operational),
  }));
}

/**
 * The control's progress in each stored score snapshot of the last 90 days (the backend reads
 * them from what was stored then), with the scoring-method changes marked.
 */
export const ControlHistoryChart = ({
  frameworkId,
  controlId,
  scope,
}: {
  frameworkId: string;
  controlId: string;
  scope?: ScopeRef;
}) => {
  const api = useApi(complianceApiRef);
  const theme = useTheme();
  const state = useAsync(
    () =>
      api.getControlHistory(frameworkId, controlId, {
        scope,
        from: new Date(
          Date.now() - HISTORY_DAYS * 24 * 3600 * 1000,
        ).toISOString(),
      }),
    [api, frameworkId, controlId, scope?.kind, scope?.id],
  );

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    const notFound = isNotFound(state.error);
    body = (
      <Alert severity={notFound ? 'info' : 'error'}>
        {notFound ? 'History not available' : 'Could not load the history'}:{' '}
        {describeError(state.error)}
      </Alert>
    );
  } else if (state.value!.points.length === 0) {
    body = (
      <Typography color="text.secondary">
        No score snapshot holds this control yet: its history starts with the
        next snapshot.
      </Typography>
    );
  } else {
    const { points } = state.value!;
    const changes = methodChanges([{ points }]);
    const last = points[points.length - 1];
    body = (
      <>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart
            data={chartRows(points)}
            margin={{ top: 16, right: 24, bottom: 8, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={value => formatDate(new Date(value).toISOString())}
              tick={{ fontSize: 12 }}
            />
            <YAxis domain={[0, 100]} unit=" %" tick={{ fontSize: 12 }} />
            <Tooltip
              labelFormatter={value =>
                formatTime(new Date(Number(value)).toISOString())
              }
              formatter={value =>
                value === null || value === undefined ? 'No data' : `${value} %`
              }
            />
            <Legend />
            <Line
              name="progress"
              dataKey="operational"
              type="stepAfter"
              stroke={theme.palette.primary.main}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              name="conservative (unknown as 0)"
              dataKey="conservative"
              type="stepAfter"
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 2"
              connectNulls={false}
              isAnimationActive={false}
              dot={false}
            />
            {methodChangeLines(changes, theme.palette.warning.main)}
          </LineChart>
        </ResponsiveContainer>
        <Typography variant="caption" component="p" color="text.secondary">
          {points.length} snapshots; last on {formatTime(last.takenAt)}:{' '}
          {controlStatusLabels[last.status]} (method v{last.methodVersion},
          framework v{last.frameworkVersion})
        </Typography>
        <MethodChangeNotes changes={changes} />
      </>
    );
  }

  return (
    <Card variant="outlined">
      <CardHeader
        title="History"
        subheader={`the last ${HISTORY_DAYS} days of stored snapshots`}
      />
      <CardContent aria-label="control history" role="region">
        {body}
      </CardContent>
    </Card>
  );
};
