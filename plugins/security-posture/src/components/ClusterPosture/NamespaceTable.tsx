import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Link from '@mui/material/Link';
import type { Framework, Snapshot } from '@sparki/security-posture-common';
import { frameworkLabels } from '../common/format';
import { ScoreChip } from '../common/ScoreChip';

/** Score of every namespace, overall and per framework; worst first. */
export const NamespaceTable = ({
  snapshot,
  onSelect,
}: {
  snapshot: Snapshot;
  /** Called with a namespace to show its findings. */
  onSelect(namespace: string): void;
}) => {
  const { byNamespace, byNamespaceFramework } = snapshot.scores;
  const frameworks = Array.from(
    new Set(
      Object.values(byNamespaceFramework ?? {}).flatMap(f => Object.keys(f)),
    ),
  ) as Framework[];
  // "No data" sorts last: it is not a good score, but there is nothing to fix either.
  const namespaces = Object.entries(byNamespace).sort(
    ([a, x], [b, y]) =>
      (x.score ?? Infinity) - (y.score ?? Infinity) || a.localeCompare(b),
  );
  return (
    <Table size="small" aria-label="namespace scores">
      <TableHead>
        <TableRow>
          <TableCell>Namespace</TableCell>
          <TableCell>Score</TableCell>
          {frameworks.map(framework => (
            <TableCell key={framework}>
              {frameworkLabels[framework] ?? framework}
            </TableCell>
          ))}
          <TableCell align="right">Failing controls</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {namespaces.map(([namespace, summary]) => (
          <TableRow key={namespace} hover>
            <TableCell>
              <Link
                component="button"
                variant="body2"
                onClick={() => onSelect(namespace)}
              >
                {namespace}
              </Link>
            </TableCell>
            <TableCell>
              <ScoreChip score={summary.score} reason={summary.reason} />
            </TableCell>
            {frameworks.map(framework => (
              <TableCell key={framework}>
                <ScoreChip
                  score={byNamespaceFramework?.[namespace]?.[framework] ?? null}
                />
              </TableCell>
            ))}
            <TableCell align="right">{summary.failing}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
