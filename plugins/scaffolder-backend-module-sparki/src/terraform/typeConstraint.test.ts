import {
  checkValue,
  describeType,
  isExpression,
  parseTypeConstraint,
} from './typeConstraint';

describe('parseTypeConstraint', () => {
  it.each([
    ['${string}', 'string'],
    ['list(string)', 'list(string)'],
    [
      '${map(object({ a = number, b = optional(bool, true) }))}',
      'map(object({a = number, b = optional(bool)}))',
    ],
    ['tuple([string, number])', 'tuple([string, number])'],
    [
      'object({ labels = optional(map(string), {}), sizes = optional(list(number), [1, 2]) })',
      'object({labels = optional(map(string)), sizes = optional(list(number))})',
    ],
  ])('parses %s', (source, described) => {
    expect(describeType(parseTypeConstraint(source))).toBe(described);
  });

  it.each(['strng', 'list(string', 'map(string) extra'])(
    'rejects %s',
    source => {
      expect(() => parseTypeConstraint(source)).toThrow();
    },
  );
});

describe('checkValue', () => {
  const type = (source: string) => parseTypeConstraint(source);

  it('follows Terraform conversions for primitives', () => {
    expect(checkValue('3', type('number'))).toEqual([]);
    expect(checkValue('three', type('number'))).toEqual([
      'expected number, got string "three"',
    ]);
    expect(checkValue('true', type('bool'))).toEqual([]);
    expect(checkValue(1, type('bool'))).toEqual([
      'expected bool, got number 1',
    ]);
    expect(checkValue(5, type('string'))).toEqual([]);
    expect(checkValue(['a'], type('string'))).toEqual([
      'expected string, got a list',
    ]);
  });

  it('skips expressions but types templates as strings', () => {
    expect(isExpression('${var.x}')).toBe(true);
    expect(isExpression('${var.a}-${var.b}')).toBe(false);
    expect(checkValue('${var.x}', type('number'))).toEqual([]);
    expect(checkValue('${var.a}-x', type('list(string)'))).toEqual([
      'expected list(string), got string "${var.a}-x"',
    ]);
  });

  it('checks collections and objects down to their attributes', () => {
    const nodeGroups = type(
      'map(object({ instance_types = list(string), min_size = number, capacity_type = optional(string) }))',
    );
    expect(
      checkValue(
        { default: { instance_types: 'm6i.large', min_szie: 1 } },
        nodeGroups,
      ),
    ).toEqual([
      '["default"].instance_types: expected list(string), got string "m6i.large"',
      '["default"]: missing required attribute "min_size"',
      '["default"]: unknown attribute "min_szie" (Terraform would silently drop it)',
    ]);
    expect(checkValue(['a', 1], type('tuple([string])'))).toEqual([
      'expected 1 elements, got 2',
    ]);
  });
});
