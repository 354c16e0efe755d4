import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and no whitespace, so the same snapshot always
 * serializes to the same bytes and its sha256 can be recomputed by anyone holding the document.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** JSON.stringify's rules (toJSON, undefined dropped from objects, null in arrays), keys sorted. */
function write(value: unknown): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return write((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(item => write(item) ?? 'null').join(',')}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const entry = write((value as Record<string, unknown>)[key]);
    if (entry !== undefined) parts.push(`${JSON.stringify(key)}:${entry}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
