import { InputError } from '@backstage/errors';
import { canonicalJson, sha256Hex } from '../store/canonicalJson';

/**
 * Finding cursors pin the snapshots of the first page (a scan finishing mid-pagination does not
 * shift the pages) and the filters they were issued for. Opaque to clients: base64url JSON.
 */
export interface FindingCursor {
  snapshotIds: number[];
  afterId: number;
  filtersDigest: string;
}

export function filtersDigest(filters: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(filters)).slice(0, 16);
}

export function encodeCursor(cursor: FindingCursor): string {
  return Buffer.from(
    JSON.stringify({
      s: cursor.snapshotIds,
      a: cursor.afterId,
      f: cursor.filtersDigest,
    }),
  ).toString('base64url');
}

export function decodeCursor(text: string): FindingCursor {
  let parsed: { s?: unknown; a?: unknown; f?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InputError(
      'Invalid cursor: pass the nextCursor of a previous response unchanged',
    );
  }
  const { s, a, f } = parsed ?? {};
  if (
    !Array.isArray(s) ||
    !s.every(id => Number.isInteger(id) && id > 0) ||
    !Number.isInteger(a) ||
    typeof f !== 'string'
  ) {
    throw new InputError(
      'Invalid cursor: pass the nextCursor of a previous response unchanged',
    );
  }
  return { snapshotIds: s as number[], afterId: a as number, filtersDigest: f };
}
