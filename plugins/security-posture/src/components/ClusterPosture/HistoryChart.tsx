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
import type { Framework, HistoryPoint } from '@sparki/security-posture-common';
import { formatTime, frameworkLabels } from '../common/format';

const frameworkColors: Record<Framework, string> = {
  'pss-baseline': '#8e24aa',
  'pss-restricted': '#3949ab',
  'network-policy': '#00897b',
  rbac: '#f4511e',
  'cis-kubernetes': '#6d4c41',
  'cis-eks': '#546e7a',
};

/**
 * Cluster and framework scores over the stored snapshots. Snapshots without a score leave a gap
 * (no line is drawn through "no data"); partial snapshots are drawn as hollow orange dots.
 */
export const HistoryChart = ({ points }: { points: HistoryPoint[] }) => {
  const theme = useTheme();
  if (points.length === 0) {
    return (
      <Typography color="text.secondary">No snapshot stored yet.</Typography>
    );
  }
  const frameworks = Array.from(
    new Set(points.flatMap(p => Object.keys(p.byFramework))),
  ) as Framework[];
  const data = points.map(point => ({
    time: formatTime(point.collectedAt),
    partial: point.partial,
    cluster: point.score,
    ...point.byFramework,
  }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="time" tick={{ fontSize: 12 }} />
        <YAxis domain={[0, 100]} unit=" %" tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Line
          name="Cluster"
          dataKey="cluster"
          stroke={theme.palette.primary.main}
          strokeWidth={3}
          connectNulls={false}
          isAnimationActive={false}
          dot={(props: any) =>
            props.cy === null || props.cy === undefined ? (
              <g key={props.index} />
            ) : (
              <circle
                key={props.index}
                cx={props.cx}
                cy={props.cy}
                r={props.payload.partial ? 5 : 4}
                stroke={
                  props.payload.partial
                    ? theme.palette.warning.main
                    : theme.palette.primary.main
                }
                strokeWidth={2}
                fill={
                  props.payload.partial
                    ? theme.palette.background.paper
                    : theme.palette.primary.main
                }
              />
            )
          }
        />
        {frameworks.map(framework => (
          <Line
            key={framework}
            name={frameworkLabels[framework] ?? framework}
            dataKey={framework}
            stroke={frameworkColors[framework] ?? theme.palette.grey[500]}
            strokeDasharray="4 2"
            connectNulls={false}
            isAnimationActive={false}
            dot={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
};
