import { ScopeRef } from './types';

export function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  return a.kind === b.kind && a.id === b.id;
}
