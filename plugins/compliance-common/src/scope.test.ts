import { parseScopeKey, sameScope, scopeKey } from './scope';

describe('scopeKey', () => {
  it('round-trips scopes whose ids hold colons and slashes', () => {
    const scope = { kind: 'entity' as const, id: 'component:default/payments' };
    expect(scopeKey(scope)).toBe('entity:component:default/payments');
    expect(parseScopeKey(scopeKey(scope))).toEqual(scope);
  });

  it('refuses unknown kinds, empty ids and missing values', () => {
    expect(parseScopeKey('planet:earth')).toBeUndefined();
    expect(parseScopeKey('cluster:  ')).toBeUndefined();
    expect(parseScopeKey('sparki-prod')).toBeUndefined();
    expect(parseScopeKey(':sparki-prod')).toBeUndefined();
    expect(parseScopeKey(null)).toBeUndefined();
    expect(parseScopeKey(undefined)).toBeUndefined();
  });

  it('compares scopes by kind and id', () => {
    expect(
      sameScope(
        { kind: 'cluster', id: 'sparki-prod' },
        { kind: 'cluster', id: 'sparki-prod' },
      ),
    ).toBe(true);
    expect(
      sameScope(
        { kind: 'cluster', id: 'sparki-prod' },
        { kind: 'namespace', id: 'sparki-prod' },
      ),
    ).toBe(false);
  });
});
