import { useState, type ReactNode, type UIEvent } from 'react';
import Box from '@mui/material/Box';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';

/** Below this many rows a list renders whole: virtualising it would only cost. */
export const VIRTUALISE_FROM = 200;

/**
 * The rows of a long list to put in the DOM: those in the scrolled window (rows of about
 * `rowHeight` px in a `viewportHeight` px box) with `overscan` either side, and the heights of
 * the rows left out above and below, so the scrollbar keeps the list's full length.
 */
export function visibleWindow(options: {
  count: number;
  scrollTop: number;
  rowHeight: number;
  viewportHeight: number;
  overscan?: number;
}) {
  const { count, scrollTop, rowHeight, viewportHeight } = options;
  const overscan = options.overscan ?? 10;
  if (count < VIRTUALISE_FROM) {
    return { start: 0, end: count, padTop: 0, padBottom: 0 };
  }
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(first, count - 1) - overscan);
  const end = Math.min(
    count,
    first + Math.ceil(viewportHeight / rowHeight) + overscan,
  );
  return {
    start,
    end,
    padTop: start * rowHeight,
    padBottom: (count - end) * rowHeight,
  };
}

const VIEWPORT_HEIGHT = 600;

/** The scrolling box of a virtualised table; a plain fragment for a short list. */
export const VirtualScroller = ({
  virtual,
  onScroll,
  children,
}: {
  virtual: boolean;
  onScroll(scrollTop: number): void;
  children: ReactNode;
}) =>
  virtual ? (
    <Box
      data-testid="virtual-scroller"
      sx={{ maxHeight: VIEWPORT_HEIGHT, overflowY: 'auto' }}
      onScroll={(event: UIEvent<HTMLDivElement>) =>
        onScroll(event.currentTarget.scrollTop)
      }
    >
      {children}
    </Box>
  ) : (
    <>{children}</>
  );

/**
 * Virtualised table rows: `renderRow` runs for the rows in view only. Wrap the `Table` in a
 * `VirtualScroller` given `scroller`, and put `rows` in its body.
 */
export function useVirtualRows<T>(
  items: readonly T[],
  renderRow: (item: T, index: number) => ReactNode,
  options: {
    rowHeight?: number;
    columns: number;
    /** Every row in the DOM, e.g. on a page meant for print. */
    whole?: boolean;
  },
) {
  const rowHeight = options.rowHeight ?? 53;
  const [scrollTop, setScrollTop] = useState(0);
  const count = options.whole ? 0 : items.length;
  const { start, end, padTop, padBottom } = visibleWindow({
    count,
    scrollTop,
    rowHeight,
    viewportHeight: VIEWPORT_HEIGHT,
  });
  const spacer = (height: number, key: string) =>
    height > 0 ? (
      <TableRow key={key} aria-hidden style={{ height }}>
        <TableCell colSpan={options.columns} sx={{ p: 0, border: 0 }} />
      </TableRow>
    ) : null;
  const rows = [
    spacer(padTop, 'virtual-top'),
    ...(options.whole ? items : items.slice(start, end)).map((item, i) =>
      renderRow(item, start + i),
    ),
    spacer(padBottom, 'virtual-bottom'),
  ];
  return {
    rows,
    scroller: {
      virtual: count >= VIRTUALISE_FROM,
      onScroll: setScrollTop,
    },
  };
}
