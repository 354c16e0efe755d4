/** A piece of a runbook's body: markdown prose, or one fenced code block. */
export type MarkdownSection =
  | { kind: 'markdown'; text: string }
  | { kind: 'code'; language: string; text: string };

/** A heading of the table of contents; `slug` is the id `MarkdownContent` gives it. */
export interface RunbookHeading {
  level: number;
  text: string;
  slug: string;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})([^`]*)$/;
const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

/**
 * Splits the body at its fenced code blocks (CommonMark fences: three or more backticks or
 * tildes, indented at most three spaces), so that each block can be rendered with a copy button
 * while the prose between them still goes through `MarkdownContent` and its sanitiser. A fence
 * inside a list item ends that list; the items after the block start a new one (numbering kept).
 * An unclosed fence runs to the end of the body, as CommonMark says.
 */
export function splitMarkdown(markdown: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const lines = markdown.split(/\r?\n/);
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.some(line => line.trim())) {
      sections.push({ kind: 'markdown', text: prose.join('\n') });
    }
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENING_FENCE.exec(lines[i]);
    if (!opening) {
      prose.push(lines[i]);
      continue;
    }
    const [, indent, fence, info] = opening;
    const closing = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}[ \\t]*$`);
    const code: string[] = [];
    for (i++; i < lines.length && !closing.test(lines[i]); i++) {
      // Content lines lose up to the opening fence's indentation.
      code.push(lines[i].replace(new RegExp(`^ {0,${indent.length}}`), ''));
    }
    flushProse();
    sections.push({
      kind: 'code',
      language: info.trim().split(/\s+/)[0] ?? '',
      text: code.join('\n'),
    });
  }
  flushProse();
  return sections;
}

/** The text a heading renders: inline code, emphasis and link targets dropped. */
function headingText(source: string): string {
  return source
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*{1,3}|_{1,3})(\S(?:.*?\S)?)\1/g, '$2')
    .trim();
}

/** The ATX headings (`## …`) of the prose sections, for a table of contents. */
export function headingsOf(sections: MarkdownSection[]): RunbookHeading[] {
  return sections.flatMap(section =>
    section.kind === 'markdown'
      ? section.text.split('\n').flatMap(line => {
          const match = ATX_HEADING.exec(line);
          if (!match) return [];
          const text = headingText(match[2]);
          // The same slug as MarkdownContent's heading renderer.
          const slug = text.toLowerCase().replace(/\W/g, '-');
          return text ? [{ level: match[1].length, text, slug }] : [];
        })
      : [],
  );
}
