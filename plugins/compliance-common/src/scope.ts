import { ScopeKind, ScopeRef } from './types';

/** Every scope kind, in the order forms list them; `z.enum(scopeKinds)` validates one. */
export const scopeKinds = [
  'cluster',
  'namespace',
  'account',
  'entity',
] as const satisfies readonly ScopeKind[];

export function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** `cluster:sparki-prod`, `entity:system:default/sparki`: a scope as the backend's `scope` query parameter and the pages' URLs read it. */
export function scopeKey(scope: ScopeRef): string {
  return `${scope.kind}:${scope.id}`;
}

/** The inverse of `scopeKey`; undefined when the value is missing, the kind unknown or the id empty. */
export function parseScopeKey(
  key: string | null | undefined,
): ScopeRef | undefined {
  if (!key) return undefined;
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const id = key.slice(colon + 1);
  if (colon < 0 || !isScopeKind(kind) || id.trim() === '') {
    return undefined;
  }
  return { kind, id };
}

function isScopeKind(value: string): value is ScopeKind {
  return (scopeKinds as readonly string[]).includes(value);
}
