import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  isRunbookId,
  parseRunbookFile,
  Runbook,
  RunbookList,
  RunbookProblem,
  RunbookSummary,
} from '@sparki/runbooks-common';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { staleReasons } from './staleness';

/**
 * The text of an ATX heading without its optional closing `#`s (which need whitespace before
 * them: `C#` stays). A scan from the end rather than a regex: `\s+#*\s*$` backtracks
 * polynomially on a long run of spaces, and a runbook line can be arbitrarily long.
 */
export function headingText(heading: string): string {
  const text = heading.trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || end === 0) return text.trim();
  const beforeHashes = text.slice(0, end);
  return beforeHashes.trimEnd() === beforeHashes
    ? text.trim()
    : beforeHashes.trim();
}

/** Title (first `# ` heading) and summary (first paragraph after it) of a runbook's markdown. */
export function parseRunbook(
  id: string,
  markdown: string,
): { title: string; summary: string } {
  const lines = markdown.split(/\r?\n/);
  const titleIndex = lines.findIndex(line => /^# \S/.test(line));
  const title = titleIndex >= 0 ? headingText(lines[titleIndex].slice(2)) : id;

  const paragraph: string[] = [];
  let inFence = false;
  for (const line of lines.slice(titleIndex + 1)) {
    const text = line.trim();
    if (/^(```|~~~)/.test(text)) {
      if (paragraph.length > 0) break;
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (text === '' || /^#{1,6}\s/.test(text)) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(text);
  }
  return { title, summary: paragraph.join(' ') };
}

/** What `find` can look runbooks up by; every given criterion must match. */
export interface RunbookQuery {
  control?: string;
  detection?: string;
  deployStep?: string;
  /** An entity ref: matches `applies_to` entries naming the entity or its kind. */
  entity?: string;
}

export interface RunbookLibraryOptions {
  directory: string;
  /** A review or test older than this many days makes a runbook stale. */
  staleAfterDays: number;
  now?: () => Date;
}

/** `kind:namespace/name` in lower case, the namespace `default` when the ref has none. */
function normalizeEntityRef(ref: string): string {
  const lower = ref.toLowerCase();
  const colon = lower.indexOf(':');
  if (colon < 0) return lower;
  const rest = lower.slice(colon + 1);
  return rest.includes('/')
    ? lower
    : `${lower.slice(0, colon)}:default/${rest}`;
}

function appliesToEntity(appliesTo: string[], entityRef: string): boolean {
  const ref = normalizeEntityRef(entityRef);
  const kind = ref.slice(0, Math.max(ref.indexOf(':'), 0));
  return appliesTo.some(entry => {
    const normalized = normalizeEntityRef(entry);
    return normalized === ref || normalized === kind;
  });
}

/**
 * The runbooks of one directory, read at request time so edits show without a restart (a few
 * dozen small files: cheaper than keeping a cache coherent). A file whose frontmatter is invalid
 * is left out and reported; the others keep working.
 */
export class RunbookLibrary {
  private readonly directory: string;
  private readonly staleAfterDays: number;
  private readonly now: () => Date;

  constructor(options: RunbookLibraryOptions) {
    this.directory = options.directory;
    this.staleAfterDays = options.staleAfterDays;
    this.now = options.now ?? (() => new Date());
  }

  async isAvailable(): Promise<boolean> {
    try {
      return (await stat(this.directory)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Every valid runbook with its body, sorted by title, and the problems of the others. */
  async load(): Promise<{ runbooks: Runbook[]; invalid: RunbookProblem[] }> {
    let entries;
    try {
      entries = await readdir(this.directory, { withFileTypes: true });
    } catch {
      // No cause: it names the server's path. The backend logs the directory at startup.
      throw new ServiceUnavailableError(
        'The runbooks directory cannot be read',
      );
    }
    const ids = entries
      .filter(entry => entry.isFile() && entry.name.endsWith('.md'))
      .map(entry => entry.name.slice(0, -'.md'.length))
      .filter(isRunbookId)
      .sort();
    const results = await Promise.all(
      ids.map(async id => this.parse(id, await this.read(id))),
    );
    const runbooks: Runbook[] = [];
    const invalid: RunbookProblem[] = [];
    for (const result of results) {
      if ('problems' in result) invalid.push(...result.problems);
      else runbooks.push(result);
    }
    runbooks.sort((a, b) => a.title.localeCompare(b.title));
    return { runbooks, invalid };
  }

  async list(query: RunbookQuery = {}): Promise<RunbookList> {
    const { runbooks, invalid } = await this.load();
    const items = runbooks
      .filter(
        runbook =>
          (query.control === undefined ||
            runbook.controls.includes(query.control)) &&
          (query.detection === undefined ||
            runbook.detections.includes(query.detection)) &&
          (query.deployStep === undefined ||
            runbook.deploySteps.includes(query.deployStep)) &&
          (query.entity === undefined ||
            appliesToEntity(runbook.appliesTo, query.entity)),
      )
      .map(({ markdown: _markdown, ...summary }): RunbookSummary => summary);
    return { items, invalid };
  }

  /** Callers pass a valid id (see `isRunbookId`): it is used as a file name. */
  async get(id: string): Promise<Runbook> {
    if (!isRunbookId(id)) throw new NotFoundError(`No runbook "${id}"`);
    let text: string;
    try {
      text = await this.read(id);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new NotFoundError(`No runbook "${id}"`);
      }
      throw error;
    }
    const result = this.parse(id, text);
    if ('problems' in result) {
      throw new NotFoundError(
        `Runbook "${id}" is invalid: ${result.problems
          .map(problem => `${problem.field} ${problem.reason}`)
          .join('; ')}`,
      );
    }
    return result;
  }

  private parse(
    id: string,
    text: string,
  ): Runbook | { problems: RunbookProblem[] } {
    const file = `${id}.md`;
    const parsed = parseRunbookFile(file, text);
    if (!parsed.ok) return { problems: parsed.problems };
    const { frontmatter, body } = parsed;
    // The viewer shows the frontmatter title above the body: the two must not drift apart.
    const heading = parseRunbook('', body).title;
    if (heading !== '' && heading !== frontmatter.title) {
      return {
        problems: [
          {
            file,
            field: 'title',
            reason: `differs from the first heading of the body "${heading}"`,
          },
        ],
      };
    }
    const reasons = staleReasons(frontmatter, this.staleAfterDays, this.now());
    return {
      ...frontmatter,
      stale: reasons.length > 0,
      staleReasons: reasons,
      markdown: body,
    };
  }

  private read(id: string): Promise<string> {
    return readFile(path.join(this.directory, `${id}.md`), 'utf8');
  }
}
