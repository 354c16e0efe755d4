import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { isRunbookId, Runbook, RunbookSummary } from '@sparki/runbooks-common';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Title (first `# ` heading) and summary (first paragraph after it) of a runbook's markdown. */
export function parseRunbook(
  id: string,
  markdown: string,
): Omit<RunbookSummary, 'id'> {
  const lines = markdown.split(/\r?\n/);
  const titleIndex = lines.findIndex(line => /^# \S/.test(line));
  const title =
    titleIndex >= 0 ? lines[titleIndex].slice(2).replace(/\s+#*\s*$/, '') : id;

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
  return { title: title.trim(), summary: paragraph.join(' ') };
}

/**
 * The runbooks of one directory, read at request time so edits show without a restart (a few
 * dozen small files: cheaper than keeping a cache coherent).
 */
export class RunbookLibrary {
  constructor(private readonly directory: string) {}

  async isAvailable(): Promise<boolean> {
    try {
      return (await stat(this.directory)).isDirectory();
    } catch {
      return false;
    }
  }

  async list(): Promise<RunbookSummary[]> {
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
    const runbooks = await Promise.all(
      ids.map(async id => ({
        id,
        ...parseRunbook(id, await this.read(id)),
      })),
    );
    return runbooks.sort((a, b) => a.title.localeCompare(b.title));
  }

  /** Callers pass a valid id (see `isRunbookId`): it is used as a file name. */
  async get(id: string): Promise<Runbook> {
    if (!isRunbookId(id)) throw new NotFoundError(`No runbook "${id}"`);
    let markdown: string;
    try {
      markdown = await this.read(id);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new NotFoundError(`No runbook "${id}"`);
      }
      throw error;
    }
    return { id, title: parseRunbook(id, markdown).title, markdown };
  }

  private read(id: string): Promise<string> {
    return readFile(path.join(this.directory, `${id}.md`), 'utf8');
  }
}
