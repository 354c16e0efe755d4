import { isRunbookId } from './ids';

/**
 * An entity's own runbooks: comma-separated runbook ids (`deployment, rollback`) and/or URLs of
 * runbooks kept elsewhere (`https://wiki.example.com/payments-failover`).
 */
export const RUNBOOKS_ANNOTATION = 'sparki.io/runbooks';

/** One entry of the annotation; `invalid` keeps what was written so it can be shown. */
export type RunbooksAnnotationEntry =
  | { kind: 'id'; id: string }
  | { kind: 'url'; url: string }
  | { kind: 'invalid'; value: string; reason: string };

/** The entries of a `sparki.io/runbooks` value in their order, empty entries and repeats dropped. */
export function parseRunbooksAnnotation(
  value: string | undefined,
): RunbooksAnnotationEntry[] {
  const seen = new Set<string>();
  const entries: RunbooksAnnotationEntry[] = [];
  for (const raw of (value ?? '').split(',')) {
    const item = raw.trim();
    if (item === '' || seen.has(item)) continue;
    seen.add(item);
    if (isRunbookId(item)) {
      entries.push({ kind: 'id', id: item });
      continue;
    }
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    // Only web links: a `javascript:` or `data:` entry must never become a clickable link.
    if (url && (url.protocol === 'https:' || url.protocol === 'http:')) {
      entries.push({ kind: 'url', url: url.toString() });
    } else {
      entries.push({
        kind: 'invalid',
        value: item,
        reason:
          'neither a runbook id (lower-case letters, digits, dashes) nor an http(s) URL',
      });
    }
  }
  return entries;
}
