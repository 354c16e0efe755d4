import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';

/**
 * Keyset paging over the backend's opaque cursors: one page in memory at a time (a scope with
 * 10,000 results renders 50 rows, not 10,000), with the cursors of earlier pages kept for "back".
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const cursor = cursors[cursors.length - 1];
  const next = useCallback(
    (nextCursor: string) => setCursors(previous => [...previous, nextCursor]),
    [],
  );
  const back = useCallback(
    () =>
      setCursors(previous =>
        previous.length > 1 ? previous.slice(0, -1) : previous,
      ),
    [],
  );
  const reset = useCallback(() => setCursors([undefined]), []);
  return { cursor, page: cursors.length, next, back, reset };
}

export const CursorPager = ({
  page,
  nextCursor,
  onNext,
  onBack,
  summary,
}: {
  page: number;
  nextCursor?: string;
  onNext(cursor: string): void;
  onBack(): void;
  summary?: string;
}) => (
  <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 1 }}>
    <Button size="small" disabled={page <= 1} onClick={onBack}>
      Previous page
    </Button>
    <Typography variant="body2">
      Page {page}
      {summary && ` · ${summary}`}
    </Typography>
    <Button
      size="small"
      disabled={!nextCursor}
      onClick={() => nextCursor && onNext(nextCursor)}
    >
      Next page
    </Button>
  </Stack>
);
