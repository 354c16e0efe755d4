/**
 * Literals for the languages the skeletons are written in. Every value a template interpolates
 * goes through one of these, so no input can end a string, open an interpolation, or add an
 * assignment, a key or a document.
 */

// Characters neither language may hold raw in a one-line quoted string: C0 and C1 controls,
// DEL, the Unicode line and paragraph separators, the BOM and the non-characters U+FFFE/U+FFFF.
/* eslint-disable no-control-regex -- control characters are what it finds */
const UNSAFE_CHARACTER =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
/* eslint-enable no-control-regex */
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A double-quoted string both HCL and YAML read back as `value`, on one line. */
function quoted(value: string): string {
  return `"${value
    .replace(/[\\"]/g, character => `\\${character}`)
    .replace(UNSAFE_CHARACTER, character => {
      if (character === '\n') return '\\n';
      if (character === '\r') return '\\r';
      if (character === '\t') return '\\t';
      return unicodeEscape(character);
    })}"`;
}

function typeName(value: unknown): string {
  return value === undefined ? 'undefined' : typeof value;
}

/**
 * An HCL literal of a JSON value: a quoted string with `${` and `%{` escaped (HCL would read
 * them as an interpolation or a directive), a number, a bool, null, a tuple or an object.
 */
export function hclLiteral(value: unknown): string {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) {
      throw new Error(
        `${JSON.stringify(
          value,
        )} holds an unpaired UTF-16 surrogate, which HCL cannot encode`,
      );
    }
    return quoted(value).replace(/([$%])\{/g, '$1$1{');
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`${value} is not a number HCL can hold`);
    }
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(hclLiteral).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${hclLiteral(key)} = ${hclLiteral(item)}`)
      .join(', ')} }`;
  }
  throw new Error(`cannot write ${typeName(value)} as an HCL literal`);
}

/**
 * A YAML flow literal of a JSON value: strings double-quoted (never a plain scalar, which could
 * turn into a number, a bool, a key or a document marker), numbers, bools, null, `[...]`, `{...}`.
 */
export function yamlLiteral(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`${value} is not a number YAML can hold`);
    }
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(yamlLiteral).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${quoted(key)}: ${yamlLiteral(item)}`)
      .join(', ')} }`;
  }
  throw new Error(`cannot write ${typeName(value)} as a YAML literal`);
}

// Markdown punctuation that can start emphasis, code, links, HTML, entities, headings, tables.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+=|!&~^]/g;
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;

/**
 * Markdown inline text of a value, on one line: markup characters backslash-escaped (CommonMark
 * escapes any ASCII punctuation) and line breaks written as `<br>`, so the text cannot add
 * markup, HTML, links, headings or table cells; fits a paragraph, a heading or a table cell.
 */
export function markdownText(value: unknown): string {
  if (!['string', 'number', 'boolean'].includes(typeof value)) {
    throw new Error(`cannot write ${typeName(value)} as Markdown text`);
  }
  return String(value)
    .replace(MARKDOWN_PUNCTUATION, character => `\\${character}`)
    .replace(LINE_BREAK, '<br>')
    .replace(UNSAFE_CHARACTER, character => `&#${character.charCodeAt(0)};`);
}
