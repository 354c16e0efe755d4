/** A Terraform type constraint, as written in a variable's `type` argument. */
export type TypeConstraint =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | {
      kind: 'object';
      attributes: Record<string, { type: TypeConstraint; optional: boolean }>;
    };

/**
 * Parses a type constraint expression such as `map(object({ a = number, b = optional(bool) }))`.
 * hcl2json renders it as `${...}`; the wrapper is accepted.
 */
export function parseTypeConstraint(source: string): TypeConstraint {
  const text = source.trim().replace(/^\$\{([\s\S]*)\}$/, '$1');
  const tokens =
    text.match(/[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"|[(){}[\],=:]|\S/g) ??
    [];
  let position = 0;

  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position++];
    if (token === undefined)
      throw new Error(`unexpected end of type "${text}"`);
    return token;
  };
  const expect = (token: string) => {
    const found = next();
    if (found !== token)
      throw new Error(`expected "${token}" but found "${found}" in "${text}"`);
  };

  function parseType(): TypeConstraint {
    const keyword = next();
    switch (keyword) {
      case 'string':
      case 'number':
      case 'bool':
      case 'any':
        return { kind: keyword };
      case 'list':
      case 'set':
      case 'map': {
        expect('(');
        const element = parseType();
        expect(')');
        return { kind: keyword, element };
      }
      case 'tuple': {
        expect('(');
        expect('[');
        const elements: TypeConstraint[] = [];
        while (peek() !== ']') {
          elements.push(parseType());
          if (peek() === ',') next();
        }
        expect(']');
        expect(')');
        return { kind: 'tuple', elements };
      }
      case 'object': {
        expect('(');
        expect('{');
        const attributes: Record<
          string,
          { type: TypeConstraint; optional: boolean }
        > = {};
        while (peek() !== '}') {
          const name = next().replace(/^"(.*)"$/, '$1');
          const separator = next();
          if (separator !== '=' && separator !== ':') {
            throw new Error(
              `expected "=" after attribute "${name}" in "${text}"`,
            );
          }
          if (peek() === 'optional') {
            next();
            expect('(');
            const type = parseType();
            if (peek() === ',') skipDefault();
            expect(')');
            attributes[name] = { type, optional: true };
          } else {
            attributes[name] = { type: parseType(), optional: false };
          }
          if (peek() === ',') next();
        }
        expect('}');
        expect(')');
        return { kind: 'object', attributes };
      }
      default:
        throw new Error(`unknown type keyword "${keyword}" in "${text}"`);
    }
  }

  // The default of optional(type, default) is an arbitrary expression: skip to the closing paren.
  function skipDefault() {
    next();
    let depth = 0;
    while (position < tokens.length) {
      const token = peek();
      if (depth === 0 && token === ')') return;
      if (token === '(' || token === '{' || token === '[') depth++;
      if (token === ')' || token === '}' || token === ']') depth--;
      next();
    }
  }

  const type = parseType();
  if (position !== tokens.length) {
    throw new Error(`unexpected "${tokens[position]}" after type in "${text}"`);
  }
  return type;
}

export function describeType(type: TypeConstraint): string {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${describeType(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(describeType).join(', ')}])`;
    case 'object':
      return `object({${Object.entries(type.attributes)
        .map(([name, attribute]) =>
          attribute.optional
            ? `${name} = optional(${describeType(attribute.type)})`
            : `${name} = ${describeType(attribute.type)}`,
        )
        .join(', ')}})`;
    default:
      return type.kind;
  }
}

/** True when the hcl2json value is (entirely) an expression whose value is unknown statically. */
export function isExpression(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    /^\$\{[\s\S]*\}$/.test(value) &&
    !hasLiteralText(value)
  );
}

// "${a}-${b}" is a template (a string); "${a}" alone is an expression of any type.
function hasLiteralText(value: string): boolean {
  let depth = 0;
  for (let index = 0; index < value.length; index++) {
    if (value.startsWith('${', index)) {
      depth++;
      index++;
      continue;
    }
    if (value[index] === '{') depth++;
    else if (value[index] === '}') depth--;
    else if (depth === 0) return true;
  }
  return false;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return `${
    typeof value === 'boolean' ? 'bool' : typeof value
  } ${JSON.stringify(value)}`;
}

/**
 * Checks a literal value against a type constraint the way Terraform converts input variables
 * (a numeric string converts to number, "true" to bool, any primitive to string). Expressions are
 * skipped because their type cannot be told without evaluating the configuration. Returns one
 * message per mismatch, each prefixed with the path inside the value.
 */
export function checkValue(
  value: unknown,
  type: TypeConstraint,
  at = '',
): string[] {
  if (value === null || isExpression(value) || type.kind === 'any') return [];
  const mismatch = () => [
    `${at ? `${at}: ` : ''}expected ${describeType(type)}, got ${describeValue(
      value,
    )}`,
  ];
  switch (type.kind) {
    case 'string':
      return ['string', 'number', 'boolean'].includes(typeof value)
        ? []
        : mismatch();
    case 'number':
      if (typeof value === 'number') return [];
      return typeof value === 'string' &&
        value.trim() !== '' &&
        !Number.isNaN(Number(value))
        ? []
        : mismatch();
    case 'bool':
      if (typeof value === 'boolean') return [];
      return value === 'true' || value === 'false' ? [] : mismatch();
    case 'list':
    case 'set':
      return Array.isArray(value)
        ? value.flatMap((element, index) =>
            checkValue(element, type.element, `${at}[${index}]`),
          )
        : mismatch();
    case 'tuple':
      if (!Array.isArray(value)) return mismatch();
      if (value.length !== type.elements.length) {
        return [
          `${at ? `${at}: ` : ''}expected ${
            type.elements.length
          } elements, got ${value.length}`,
        ];
      }
      return value.flatMap((element, index) =>
        checkValue(element, type.elements[index], `${at}[${index}]`),
      );
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return mismatch();
      return Object.entries(value).flatMap(([key, element]) =>
        checkValue(element, type.element, `${at}["${key}"]`),
      );
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return mismatch();
      const record = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const [name, attribute] of Object.entries(type.attributes)) {
        if (!(name in record)) {
          if (!attribute.optional) {
            problems.push(
              `${at ? `${at}: ` : ''}missing required attribute "${name}"`,
            );
          }
          continue;
        }
        problems.push(
          ...checkValue(record[name], attribute.type, `${at}.${name}`),
        );
      }
      for (const name of Object.keys(record)) {
        if (!(name in type.attributes)) {
          problems.push(
            `${
              at ? `${at}: ` : ''
            }unknown attribute "${name}" (Terraform would silently drop it)`,
          );
        }
      }
      return problems;
    }
    default:
      return [];
  }
}
