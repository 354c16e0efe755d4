import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  isRunbookId,
  parseRunbookFile,
  Runbook,
  RunbookList,
  RunbookProblem,
  RunbookSummary,
  RunbookTest,
} from '@sparki/runbooks-common';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunbookTestStore } from '../store/RunbookTestStore';
import type { RunbookFileSource } from './RunbookLocations';
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
  /** Runbooks of `runbooks.locations`, merged after the directory's. */
  locations?: RunbookFileSource;
  /** Tests recorded in the portal: the latest one overrides the frontmatter's `last_tested`. */
  tests?: Pick<RunbookTestStore, 'latestPerRunbook'>;
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

/** A file to validate: from the directory (no location) or from a configured location. */
interface SourceFile {
  file: string;
  text: string;
  location?: string;
}

/**
 * The runbooks of one directory, read at request time so edits show without a restart (a few
 * dozen small files: cheaper than keeping a cache coherent), merged with the runbooks of the
 * configured locations (kept in memory by their refresh schedule). A file whose frontmatter is
 * invalid is left out and reported with its location; the others keep working.
 */
export class RunbookLibrary {
  private readonly directory: string;
  private readonly staleAfterDays: number;
  private readonly locations?: RunbookFileSource;
  private readonly tests?: Pick<RunbookTestStore, 'latestPerRunbook'>;
  private readonly now: () => Date;

  constructor(options: RunbookLibraryOptions) {
    this.directory = options.directory;
    this.staleAfterDays = options.staleAfterDays;
    this.locations = options.locations;
    this.tests = options.tests;
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
    const directoryFiles = await this.readDirectory();
    const fromLocations = this.locations?.snapshot() ?? {
      files: [],
      problems: [],
    };
    const latestTests = await this.latestTests();
    const runbooks: Runbook[] = [];
    const invalid: RunbookProblem[] = [...fromLocations.problems];
    const sourceOf = new Map<string, string>();
    for (const source of [...directoryFiles, ...fromLocations.files]) {
      const result = this.parse(source, latestTests);
      if ('problems' in result) {
        invalid.push(...result.problems);
        continue;
      }
      // The repository's runbook wins, then the first location: ids must stay unambiguous.
      const first = sourceOf.get(result.id);
      if (first !== undefined) {
        invalid.push({
          ...(source.location ? { location: source.location } : {}),
          file: source.file,
          field: 'id',
          reason: `duplicates the runbook "${result.id}" of ${first}`,
        });
        continue;
      }
      sourceOf.set(result.id, source.location ?? 'the runbooks directory');
      runbooks.push(result);
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
    const source = (await this.readOne(id)) ?? this.fromLocations(id);
    if (!source) throw new NotFoundError(`No runbook "${id}"`);
    const result = this.parse(source, await this.latestTests());
    if ('problems' in result) {
      throw new NotFoundError(
        `Runbook "${id}" is invalid: ${result.problems
          .map(problem => `${problem.field} ${problem.reason}`)
          .join('; ')}`,
      );
    }
    return result;
  }

  private async readDirectory(): Promise<SourceFile[]> {
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
    return Promise.all(
      ids.map(async id => ({ file: `${id}.md`, text: await this.read(id) })),
    );
  }

  /** The directory's file of this id; undefined when there is none. */
  private async readOne(id: string): Promise<SourceFile | undefined> {
    try {
      return { file: `${id}.md`, text: await this.read(id) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw error;
    }
  }

  private fromLocations(id: string): SourceFile | undefined {
    return this.locations
      ?.snapshot()
      .files.find(file => file.file === `${id}.md`);
  }

  private async latestTests(): Promise<Map<string, RunbookTest>> {
    return (await this.tests?.latestPerRunbook()) ?? new Map();
  }

  private parse(
    source: SourceFile,
    latestTests: Map<string, RunbookTest>,
  ): Runbook | { problems: RunbookProblem[] } {
    const { file, text, location } = source;
    const where = location ? { location } : {};
    if (!file.endsWith('.md') || !isRunbookId(file.slice(0, -'.md'.length))) {
      return {
        problems: [
          {
            ...where,
            file,
            field: 'file',
            reason:
              'is not a runbook file name: <id>.md, the id of lower-case letters, digits and dashes',
          },
        ],
      };
    }
    const parsed = parseRunbookFile(file, text);
    if (!parsed.ok) {
      return {
        problems: parsed.problems.map(problem => ({ ...where, ...problem })),
      };
    }
    const { frontmatter, body } = parsed;
    // The viewer shows the frontmatter title above the body: the two must not drift apart.
    const heading = parseRunbook('', body).title;
    if (heading !== '' && heading !== frontmatter.title) {
      return {
        problems: [
          {
            ...where,
            file,
            field: 'title',
            reason: `differs from the first heading of the body "${heading}"`,
          },
        ],
      };
    }
    const recorded = latestTests.get(frontmatter.id);
    const lastTested = recorded
      ? { date: recorded.date, by: recorded.by, outcome: recorded.outcome }
      : frontmatter.lastTested;
    const reasons = staleReasons(
      { lastReviewed: frontmatter.lastReviewed, lastTested },
      this.staleAfterDays,
      this.now(),
    );
    const { lastTested: _fromFile, ...rest } = frontmatter;
    return {
      ...rest,
      ...(lastTested
        ? {
            lastTested,
            lastTestedSource: recorded ? 'portal' : 'frontmatter',
          }
        : {}),
      ...where,
      stale: reasons.length > 0,
      staleReasons: reasons,
      markdown: body,
    };
  }

  private read(id: string): Promise<string> {
    return readFile(path.join(this.directory, `${id}.md`), 'utf8');
  }
}
