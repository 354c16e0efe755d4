import { ConflictError } from '@backstage/errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '@sparki/git-command';

const NO_OBJECT = '0'.repeat(40);
const COMMITTER = { name: 'Sparki Portal', email: 'portal@sparki.local' };

/** A person or the portal, as git records an author. */
export interface GitAuthor {
  name: string;
  email: string;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, {
    withFileTypes: true,
    recursive: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      path.relative(directory, path.join(entry.parentPath, entry.name)),
    )
    .map(file => file.split(path.sep).join('/'))
    .sort();
}

/**
 * The manifests repository Argo CD or Flux syncs from: a bare git repository written without a work
 * tree (blobs, a throw-away index, commit-tree, and a compare-and-swap update-ref), so a concurrent
 * writer makes the commit fail instead of being overwritten.
 */
export class GitOpsRepository {
  private seeding?: Promise<void>;

  constructor(
    private readonly options: {
      /** The bare repository (a local path). */
      gitDir: string;
      branch: string;
      /** Files the repository starts with when it does not exist yet (the demo). */
      seedDirectory?: string;
    },
  ) {}

  get gitDir() {
    return this.options.gitDir;
  }

  private get ref() {
    return `refs/heads/${this.options.branch}`;
  }

  private git(args: string[], options?: Parameters<typeof runGit>[2]) {
    return runGit(this.options.gitDir, args, options);
  }

  /** The branch's head commit. */
  async head(): Promise<string> {
    await this.ensure();
    const head = await this.resolve();
    if (!head) {
      throw new Error(
        `${this.options.gitDir} has no branch ${this.options.branch}`,
      );
    }
    return head;
  }

  /** A file's content at `commit`. */
  async readFile(commit: string, file: string): Promise<string> {
    return this.git(['cat-file', 'blob', `${commit}:${file}`]);
  }

  /** The full message of `commit`. */
  async message(commit: string): Promise<string> {
    return this.git(['log', '-1', '--format=%B', commit]);
  }

  /**
   * Commits `content` as `file` on top of `parent` and moves the branch there, only if the branch
   * still points at `parent`.
   */
  async commitFile(input: {
    parent: string;
    file: string;
    content: string;
    message: string;
    author: GitAuthor;
  }): Promise<string> {
    const blob = (
      await this.git(['hash-object', '-w', '--stdin'], { input: input.content })
    ).trim();
    const tree = await this.withIndex(async env => {
      await this.git(['read-tree', input.parent], { env });
      await this.git(
        [
          'update-index',
          '--add',
          '--cacheinfo',
          `100644,${blob},${input.file}`,
        ],
        { env },
      );
      return (await this.git(['write-tree'], { env })).trim();
    });
    const commit = await this.commitTree(
      tree,
      [input.parent],
      input.message,
      input.author,
    );
    await this.git(['update-ref', this.ref, commit, input.parent]).catch(() => {
      throw new ConflictError(
        `${this.options.branch} of ${this.options.gitDir} moved meanwhile: read it again`,
      );
    });
    return commit;
  }

  private async resolve(): Promise<string | undefined> {
    return this.git([
      'rev-parse',
      '--verify',
      '--quiet',
      `${this.ref}^{commit}`,
    ]).then(
      out => out.trim() || undefined,
      () => undefined,
    );
  }

  /**
   * Creates the repository from the seed directory, once per instance however many callers race
   * (the plugin seeds it at init; the first promotion may come meanwhile). A failed attempt is
   * forgotten, so the next call tries again.
   */
  private ensure(): Promise<void> {
    this.seeding ??= this.seed().catch(error => {
      this.seeding = undefined;
      throw error;
    });
    return this.seeding;
  }

  private async seed() {
    const { gitDir, seedDirectory, branch } = this.options;
    if (!seedDirectory || (await this.resolve())) return;
    await fs.mkdir(gitDir, { recursive: true });
    await runGit(gitDir, [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${branch}`,
      gitDir,
    ]).catch(async error => {
      // Another replica initialising the same directory holds its lock: its repository will do.
      if (!(await this.isRepository())) throw error;
    });
    const files = await listFiles(seedDirectory);
    const blobs = (
      await this.git(['hash-object', '-w', '--stdin-paths'], {
        input: `${files.map(f => path.join(seedDirectory, f)).join('\n')}\n`,
      })
    )
      .trim()
      .split('\n');
    const tree = await this.withIndex(async env => {
      await this.git(['update-index', '--add', '--index-info'], {
        env,
        input: `${files
          .map((f, i) => `100644 ${blobs[i]}\t${f}`)
          .join('\n')}\n`,
      });
      return (await this.git(['write-tree'], { env })).trim();
    });
    const commit = await this.commitTree(tree, [], 'Seed manifests', COMMITTER);
    await this.git(['update-ref', this.ref, commit, NO_OBJECT]).catch(
      async error => {
        // Another replica seeded it first: theirs stands.
        if (!(await this.resolve())) throw error;
      },
    );
  }

  private async isRepository(): Promise<boolean> {
    return this.git(['rev-parse', '--git-dir']).then(
      () => true,
      () => false,
    );
  }

  private async withIndex<T>(
    build: (env: Record<string, string>) => Promise<T>,
  ) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sparki-gitops-'));
    try {
      return await build({ GIT_INDEX_FILE: path.join(dir, 'index') });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: GitAuthor,
  ): Promise<string> {
    const out = await this.git(
      ['commit-tree', tree, ...parents.flatMap(p => ['-p', p]), '-F', '-'],
      {
        input: message,
        env: {
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: COMMITTER.name,
          GIT_COMMITTER_EMAIL: COMMITTER.email,
        },
      },
    );
    return out.trim();
  }
}
