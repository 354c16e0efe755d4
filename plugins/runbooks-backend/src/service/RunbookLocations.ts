import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { isRunbookId, RunbookProblem } from '@sparki/runbooks-common';

/** A `runbooks.locations` entry: a directory (read as a tree) or one `.md` file. */
export interface RunbookLocation {
  type: 'url';
  target: string;
}

/** A runbook file read from a location, not yet validated. */
export interface LocationFile {
  location: string;
  /** `<id>.md`. */
  file: string;
  text: string;
}

/** What the library merges with the repository's runbooks. */
export interface RunbookFileSource {
  snapshot(): { files: LocationFile[]; problems: RunbookProblem[] };
}

type LocationState =
  | { status: 'pending' }
  | { status: 'read'; etag?: string; files: LocationFile[]; error?: string };

/** A target naming one markdown file rather than a directory. */
const isFileTarget = (target: string) =>
  new URL(target).pathname.toLowerCase().endsWith('.md');

/** `<id>.md` at the top of a tree (like the repository's directory: no sub-directories). */
const isTopLevelRunbook = (path: string) =>
  !path.includes('/') &&
  path.endsWith('.md') &&
  isRunbookId(path.slice(0, -'.md'.length));

/**
 * Runbooks kept outside the repository, at any URL the backend's UrlReader can read (GitHub,
 * GitLab, Bitbucket, an allowed HTTP host...). `refresh` runs on the plugin's schedule and sends
 * each location's last ETag, so an unchanged location costs a "not modified" answer. Between
 * refreshes requests are served from memory; a location that fails keeps its last good files
 * and is reported with the error.
 */
export class UrlRunbookLocations implements RunbookFileSource {
  private readonly states = new Map<string, LocationState>();

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      locations: RunbookLocation[];
      logger: LoggerService;
    },
  ) {
    for (const location of options.locations) {
      this.states.set(location.target, { status: 'pending' });
    }
  }

  async refresh(): Promise<void> {
    await Promise.all(
      this.options.locations.map(location => this.refreshOne(location.target)),
    );
  }

  snapshot(): { files: LocationFile[]; problems: RunbookProblem[] } {
    const files: LocationFile[] = [];
    const problems: RunbookProblem[] = [];
    for (const [target, state] of this.states) {
      if (state.status === 'pending') {
        problems.push({
          location: target,
          file: target,
          field: 'location',
          reason: 'not read yet: its runbooks show after the first refresh',
        });
        continue;
      }
      files.push(...state.files);
      if (state.error) {
        problems.push({
          location: target,
          file: target,
          field: 'location',
          reason: `cannot be read: ${state.error}${
            state.files.length ? ' (showing the last files read)' : ''
          }`,
        });
      }
    }
    return { files, problems };
  }

  private async refreshOne(target: string): Promise<void> {
    const previous = this.states.get(target);
    const last = previous?.status === 'read' ? previous : undefined;
    try {
      const read = isFileTarget(target)
        ? await this.readFile(target, last?.etag)
        : await this.readDirectory(target, last?.etag);
      this.states.set(target, { status: 'read', ...read });
    } catch (error) {
      if (error instanceof NotModifiedError && last) {
        this.states.set(target, { ...last, error: undefined });
        return;
      }
      const message = (error as Error).message;
      this.options.logger.warn(
        `Runbooks location ${target} cannot be read: ${message}`,
      );
      this.states.set(target, {
        status: 'read',
        etag: last?.etag,
        files: last?.files ?? [],
        error: message,
      });
    }
  }

  private async readFile(target: string, etag: string | undefined) {
    const response = await this.options.reader.readUrl(target, { etag });
    const name = decodeURIComponent(
      new URL(target).pathname.split('/').pop() ?? '',
    );
    return {
      etag: response.etag,
      files: [
        {
          location: target,
          file: name,
          text: (await response.buffer()).toString('utf8'),
        },
      ],
    };
  }

  private async readDirectory(target: string, etag: string | undefined) {
    const response = await this.options.reader.readTree(target, {
      etag,
      filter: isTopLevelRunbook,
    });
    const files = await Promise.all(
      (
        await response.files()
      )
        // The filter is a hint some readers ignore: check again.
        .filter(file => isTopLevelRunbook(file.path))
        .map(async file => ({
          location: target,
          file: file.path,
          text: (await file.content()).toString('utf8'),
        })),
    );
    files.sort((a, b) => a.file.localeCompare(b.file));
    return { etag: response.etag, files };
  }
}
