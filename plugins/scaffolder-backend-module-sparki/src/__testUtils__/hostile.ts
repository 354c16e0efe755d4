/**
 * Inputs that break out of a naively interpolated HCL or YAML string, Markdown text or a path:
 * quotes, line breaks (also the Unicode ones), HCL interpolations and directives (and their
 * escapes), YAML document markers, flow and block indicators, comments, Nunjucks delimiters,
 * control characters, HTML.
 */
export const HOSTILE_STRINGS = [
  'x" \n  evil = "1',
  "x'\nevil: 1",
  'a\nb\r\nc\rd',
  '${file("/etc/passwd")}',
  '%{ if true }x%{ endif }',
  '$${x} %%{y} $$${z} $',
  '---\nkind: Group\n...',
  '"\n---\napiVersion: v1\nkind: Location',
  '{{ 7*7 }} ${{ parameters.name }} {% raw %}',
  'key: value # comment',
  '- item\n? complex\n: value',
  '&anchor *alias !!binary |',
  '[a, b] {c: d}',
  'line\u2028separator\u2029paragraph\u0085next',
  'nul\u0000bell\u0007esc\u001bdel\u007f c1\u0090 bom\ufeff',
  'tab\tback\\slash\\"',
  '<script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e/x.png)',
  '| cell | injected |\n# heading\n    code',
  '😀 émoji ünïcode',
  '../../etc/passwd',
  ' leading and trailing ',
  'null',
  'true',
  '0x1F',
  '',
];

/**
 * The literal a string of hcl2json's output stands for. hcl2json writes Terraform's JSON syntax,
 * where strings are templates: `$${` and `%%{` are the escapes of `${` and `%{`, and an unescaped
 * `${` or `%{` is an expression, which a literal value never is.
 */
export function hclJsonLiteral(rendered: string): string {
  const escapes = /\$\$\{|%%\{/g;
  const withoutEscapes = rendered.replace(escapes, '');
  if (/[$%]\{/.test(withoutEscapes)) {
    throw new Error(
      `${JSON.stringify(rendered)} is an HCL template, not a literal`,
    );
  }
  return rendered.replace(escapes, escape => escape.slice(1));
}

/** Reads Markdown text written by the `markdown` filter back into the text. */
export function markdownTextValue(rendered: string): string {
  return rendered
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/<br>/g, '\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
