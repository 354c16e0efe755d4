import type { ScopeKind, ScopeRef } from '@sparki/compliance-common';

export const scopeKinds: readonly ScopeKind[] = [
  'cluster',
  'namespace',
  'account',
  'entity',
];

/** `cluster:sparki-prod`, `entity:system:default/sparki`: the scope's query-string form. */
export function scopeKey(scope: ScopeRef): string {
  return `${scope.kind}:${scope.id}`;
}

/** The inverse of `scopeKey`; undefined when the kind is unknown or the id empty. */
export function parseScopeKey(key: string): ScopeRef | undefined {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon) as ScopeKind;
  const id = key.slice(colon + 1);
  if (colon < 0 || !scopeKinds.includes(kind) || id.trim() === '') {
    return undefined;
  }
  return { kind, id };
}
