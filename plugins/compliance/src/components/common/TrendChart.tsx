import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ScoreSnapshot } from '@sparki/compliance-common';
import { formatDate, formatTime } from './format';

export interface TrendSeries {
  id: string;
  name: string;
  points: ScoreSnapshot[];
}

export interface MethodChange {
  at: number;
  from: string;
  to: string;
}

const palette = [
  '#1e88e5',
  '#8e24aa',
  '#00897b',
  '#f4511e',
  '#6d4c41',
  '#546e7a',
];

/** Where the scoring method changed between two consecutive snapshots of any series. */
export function methodChanges(
  series: Array<{
    points: Array<Pick<ScoreSnapshot, 'methodVersion' | 'takenAt'>>;
  }>,
): MethodChange[] {
  const changes = new Map<string, MethodChange>();
  for (const { points } of series) {
    for (let i = 1; i < points.length; i++) {
      const from = points[i - 1].methodVersion;
      const to = points[i].methodVersion;
      if (from !== to) {
        const at = Date.parse(points[i].takenAt);
        changes.set(`${from}->${to}`, { at, from, to });
      }
    }
  }
  return [...changes.values()].sort((a, b) => a.at - b.at);
}

/** The method changes said in words under a chart (the dashed lines alone are easy to miss). */
export const MethodChangeNotes = ({ changes }: { changes: MethodChange[] }) => (
  <>
    {changes.map(change => (
      <Typography
        key={`${change.from}-${change.to}`}
        variant="caption"
        color="text.secondary"
        component="p"
      >
        Scoring method changed from version {change.from} to {change.to} on{' '}
        {formatTime(new Date(change.at).toISOString())}: figures before and
        after are computed differently.
      </Typography>
    ))}
  </>
);

/** Dashed vertical lines where the scoring method changed. */
export function methodChangeLines(changes: MethodChange[], color: string) {
  return changes.map(change => (
    <ReferenceLine
      key={`${change.from}-${change.to}`}
      x={change.at}
      stroke={color}
      strokeDasharray="6 3"
      label={{
        value: `method v${change.to}`,
        position: 'top',
        fontSize: 11,
      }}
    />
  ));
}

/**
 * Operational score over time, one line per series; a snapshot without a score leaves a gap (no
 * line through "no data"). Scoring-method changes are vertical lines, since figures either side
 * of one are computed differently.
 */
export const TrendChart = ({
  series,
  height = 280,
}: {
  series: TrendSeries[];
  height?: number;
}) => {
  const theme = useTheme();
  if (series.every(s => s.points.length === 0)) {
    return (
      <Typography color="text.secondary">
        No score snapshot stored yet: the history starts with the first snapshot
        run.
      </Typography>
    );
  }
  const changes = methodChanges(series);
  return (
    <>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
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
          {series.map((s, index) => (
            <Line
              key={s.id}
              name={s.name}
              data={s.points.map(point => ({
                time: Date.parse(point.takenAt),
                score:
                  point.operational.score === null
                    ? null
                    : Math.round(point.operational.score * 1000) / 10,
              }))}
              dataKey="score"
              stroke={palette[index % palette.length]}
              connectNulls={false}
              isAnimationActive={false}
              dot={false}
            />
          ))}
          {methodChangeLines(changes, theme.palette.warning.main)}
        </LineChart>
      </ResponsiveContainer>
      <MethodChangeNotes changes={changes} />
    </>
  );
};
