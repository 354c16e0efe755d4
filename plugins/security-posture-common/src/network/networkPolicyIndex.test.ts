import { networkPolicy } from '../testUtils/fixtures';
import { inventoryOf } from '../testUtils/fixtures';
import {
  buildNetworkPolicyIndex,
  compileNetworkPolicy,
  effectivePolicyTypes,
  podIsolation,
} from './networkPolicyIndex';

describe('effectivePolicyTypes', () => {
  it('defaults to Ingress, plus Egress only when egress rules exist', () => {
    expect(
      effectivePolicyTypes(networkPolicy('a', 'p', { podSelector: {} })),
    ).toEqual({ ingress: true, egress: false });
    expect(
      effectivePolicyTypes(
        networkPolicy('a', 'p', { podSelector: {}, egress: [] }),
      ),
    ).toEqual({
      ingress: true,
      egress: false,
    });
    expect(
      effectivePolicyTypes(
        networkPolicy('a', 'p', { podSelector: {}, egress: [{ to: [] }] }),
      ),
    ).toEqual({
      ingress: true,
      egress: true,
    });
  });

  it('uses declared policyTypes as given', () => {
    expect(
      effectivePolicyTypes(
        networkPolicy('a', 'p', { podSelector: {}, policyTypes: ['Egress'] }),
      ),
    ).toEqual({
      ingress: false,
      egress: true,
    });
  });
});

describe('compileNetworkPolicy', () => {
  it('recognises default-deny policies', () => {
    const denyAll = compileNetworkPolicy(
      networkPolicy('a', 'deny', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
    );
    expect(denyAll).toMatchObject({
      denyAllIngress: true,
      denyAllEgress: true,
      selectsAllPods: true,
    });

    const allowSome = compileNetworkPolicy(
      networkPolicy('a', 'allow', {
        podSelector: {},
        ingress: [{ from: [{ podSelector: {} }] }],
      }),
    );
    expect(allowSome).toMatchObject({
      denyAllIngress: false,
      denyAllEgress: false,
      ingress: true,
    });

    const someSelected = compileNetworkPolicy(
      networkPolicy('a', 'x', { podSelector: { matchLabels: { app: 'x' } } }),
    );
    expect(someSelected.denyAllIngress).toBe(false);
  });
});

describe('podIsolation', () => {
  const index = buildNetworkPolicyIndex(
    inventoryOf(
      networkPolicy('shop', 'web-ingress', {
        podSelector: { matchLabels: { app: 'web' } },
      }),
      networkPolicy('shop', 'non-legacy-egress', {
        podSelector: {
          matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }],
        },
        policyTypes: ['Egress'],
      }),
      networkPolicy('other', 'deny-all', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      }),
    ),
  );

  it('combines the policies selecting a pod in its own namespace only', () => {
    expect(podIsolation(index, 'shop', { app: 'web' })).toEqual({
      ingress: true,
      egress: true,
    });
    expect(podIsolation(index, 'shop', { app: 'web', legacy: 'true' })).toEqual(
      { ingress: true, egress: false },
    );
    expect(podIsolation(index, 'shop', { app: 'db' })).toEqual({
      ingress: false,
      egress: true,
    });
    expect(podIsolation(index, 'other', {})).toEqual({
      ingress: true,
      egress: true,
    });
    expect(podIsolation(index, 'none', { app: 'web' })).toEqual({
      ingress: false,
      egress: false,
    });
  });
});
