import type { ScopeRef } from '@sparki/compliance-common';

/** `cluster:sparki-prod`: a scope as the backend's `scope` query parameter reads it. */
export function scopeKey(scope: ScopeRef): string {
  return `${scope.kind}:${scope.id}`;
}

/** The inverse of `scopeKey`, for scopes in the page's URL; undefined when malformed. */
export function parseScopeKey(key: string | null): ScopeRef | undefined {
  if (!key) return undefined;
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const id = key.slice(colon + 1);
  if (
    colon < 0 ||
    !['cluster', 'namespace', 'account', 'entity'].includes(kind) ||
    id.trim() === ''
  ) {
    return undefined;
  }
  return { kind: kind as ScopeRef['kind'], id };
}
