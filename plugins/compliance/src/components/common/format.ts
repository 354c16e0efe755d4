import type {
  CheckState,
  ControlStatus,
  ScopeRef,
  UnknownReason,
} from '@sparki/compliance-common';

/** A 0–1 fraction as people read it; null is "No data", never 0 % or 100 %. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined) return 'No data';
  const percent = Math.round(fraction * 1000) / 10;
  return `${percent} %`;
}

// One formatter each for all calls: toLocaleString with options builds a new one each time,
// which a page of results paid for on every row.
const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return timeFormat.format(date);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat.format(date);
}

const scopeKindLabels: Record<ScopeRef['kind'], string> = {
  cluster: 'cluster',
  namespace: 'namespace',
  account: 'account',
  entity: 'entity',
};

export function describeScope(scope: ScopeRef | undefined): string {
  return scope ? `${scopeKindLabels[scope.kind]} ${scope.id}` : 'every scope';
}

/** A file size as people read it: 512 bytes, 3.4 KiB, 9.8 MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `user:default/alice` → `alice`: people are named, not their entity refs. */
export function displayUser(userRef: string): string {
  const slash = userRef.lastIndexOf('/');
  return slash >= 0 ? userRef.slice(slash + 1) : userRef;
}

export type Tone = 'success' | 'warning' | 'error' | 'info' | 'default';

export const controlStatusLabels: Record<ControlStatus, string> = {
  satisfied: 'satisfied',
  failing: 'failing',
  unknown: 'unknown',
  waived: 'waived',
  'not-applicable': 'not applicable',
};

export const controlStatusTones: Record<ControlStatus, Tone> = {
  satisfied: 'success',
  failing: 'error',
  unknown: 'warning',
  waived: 'info',
  'not-applicable': 'default',
};

export const checkStateLabels: Record<CheckState, string> = {
  fail: 'fail',
  unknown: 'unknown',
  waived: 'waived',
  attested: 'attested',
  pass: 'pass',
  'not-applicable': 'not applicable',
};

export const checkStateTones: Record<CheckState, Tone> = {
  fail: 'error',
  unknown: 'warning',
  waived: 'info',
  attested: 'success',
  pass: 'success',
  'not-applicable': 'default',
};

export const unknownReasonLabels: Record<UnknownReason, string> = {
  'no-data': 'no data',
  error: 'could not be read',
  stale: 'data too old',
};

/** Green from 90 %, amber from 70 %, red below; grey when there is no score. */
export function scoreTone(fraction: number | null | undefined): Tone {
  if (fraction === null || fraction === undefined) return 'default';
  if (fraction >= 0.9) return 'success';
  if (fraction >= 0.7) return 'warning';
  return 'error';
}

/** A 404 from a backend (a `ResponseError`): the record is not there, which is not a failure. */
export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: unknown } | undefined)?.statusCode === 404;
}
