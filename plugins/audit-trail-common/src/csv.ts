/**
 * Where a spreadsheet may start a cell: the start of the text, and after any character it
 * may split fields or rows on (a `;`-separated import splits `a;=cmd()` into two cells).
 * User agents, error messages, ARNs and object names are attacker-controlled.
 */
const CELL_START_OF_FORMULA = /(?<=^|[,;\t\r\n])(?=[=+\-@\t\r])/g;

/**
 * One CSV cell: always quoted, quotes doubled, and every segment a spreadsheet would read as a
 * formula made text with `'`. Shared by every CSV the portal exports (audit events, evidence packs).
 */
export function csvCell(value: unknown): string {
  const text =
    value === undefined || value === null
      ? ''
      : String(value).replace(CELL_START_OF_FORMULA, "'");
  return `"${text.replace(/"/g, '""')}"`;
}

/** One CSV row of quoted cells, ending in a newline. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}
