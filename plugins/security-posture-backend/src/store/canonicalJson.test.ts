import { canonicalJson, sha256Hex } from './canonicalJson';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON.stringify for undefined, toJSON, escapes and numbers', () => {
    const value = {
      dropped: undefined,
      list: [undefined, () => 1, null],
      date: new Date('2026-11-21T10:00:00.000Z'),
      text: 'quote " backslash \\\\ newline \\n unicode é',
      numbers: [0, -1.5, 1e21, Number.NaN],
    };
    expect(JSON.parse(canonicalJson(value))).toEqual(
      JSON.parse(JSON.stringify(value)),
    );
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('gives the same bytes and hash whatever the key order', () => {
    const one = canonicalJson({
      cluster: 'sparki-dev',
      findings: [{ b: 2, a: 1 }],
    });
    const two = canonicalJson({
      findings: [{ a: 1, b: 2 }],
      cluster: 'sparki-dev',
    });
    expect(one).toBe(two);
    expect(sha256Hex(one)).toBe(sha256Hex(two));
    expect(sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
