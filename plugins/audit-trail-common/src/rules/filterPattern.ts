import { CloudTrailRecord } from '../types';

/**
 * Equality of a CloudWatch Logs filter pattern term: case-sensitive, with `*` as a wildcard
 * for any run of characters (the benchmark uses it as prefix and suffix, e.g.
 * `"*UnauthorizedOperation"`, `"AccessDenied*"`). A missing field never equals a value.
 */
export function fieldEquals(value: unknown, pattern: string): boolean {
  if (typeof value !== 'string') return false;
  if (!pattern.includes('*')) return value === pattern;
  const parts = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(value);
}

/** `($.eventName=A)||($.eventName=B)||…` */
export function eventNameIn(names: readonly string[]) {
  const set = new Set(names);
  return (record: CloudTrailRecord) => set.has(record.eventName);
}

/** Reads a dotted JSON path like `$.additionalEventData.MFAUsed` (without the `$.`). */
export function field(record: CloudTrailRecord, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
