import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './git';

/** A proposed change: a branch off main plus what a pull request would say about it. */
export interface ForgeChange {
  id: string;
  branch: string;
  title: string;
  body: string;
  author: string;
  createdAt: string;
  state: 'open' | 'merged';
  /** The main commit the branch was cut from. */
  baseCommit: string;
  headCommit: string;
  mergedAt?: string;
  mergeCommit?: string;
}

export interface ProposeRequest {
  branch: string;
  title: string;
  body: string;
  author: string;
  /** Files to commit, by path in the repository (forward slashes). */
  files: Array<{ path: string; content: Buffer }>;
}

const MAIN = 'refs/heads/main';
const CHANGES = 'refs/sparki/changes';
const NO_OBJECT = '0'.repeat(40);
const COMMITTER = { name: 'Sparki Portal', email: 'portal@sparki.local' };
// Letters, digits, `.`, `_`, `-` in `/`-separated segments: nothing git or a shell reads specially.
const BRANCH_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Refuses a branch name git would refuse, or one that could name another ref or an option. */
async function checkBranchName(branch: string, gitDir: string) {
  const segments = branch.split('/');
  const plain =
    branch.length <= 200 &&
    segments.every(
      segment =>
        BRANCH_SEGMENT.test(segment) &&
        !segment.endsWith('.') &&
        !segment.endsWith('.lock'),
    ) &&
    !branch.includes('..');
  if (!plain) {
    throw new InputError(
      `Branch name ${JSON.stringify(
        branch,
      )} is refused: use letters, digits, ".", "_" and "-" in "/"-separated parts, without ".."`,
    );
  }
  // git's own rules on top (check-ref-format semantics).
  await runGit(gitDir, ['check-ref-format', `refs/heads/${branch}`]).catch(
    () => {
      throw new InputError(
        `Branch name ${JSON.stringify(branch)} is refused by git`,
      );
    },
  );
}

/** Refuses a file path that is absolute, climbs out, or writes into git's own metadata. */
function checkFilePath(filePath: string) {
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  const unsafeCharacter = /[\\\0-\x1f\x7f]/;
  const segments = filePath.split('/');
  const safe =
    filePath.length > 0 &&
    filePath.length <= 1024 &&
    !unsafeCharacter.test(filePath) &&
    segments.every(
      segment =>
        segment !== '' &&
        segment !== '.' &&
        segment !== '..' &&
        segment.toLowerCase() !== '.git',
    );
  if (!safe) {
    throw new InputError(
      `File path ${JSON.stringify(
        filePath,
      )} is refused: it must be relative, without "." or ".." parts or a .git directory`,
    );
  }
}

/**
 * An embedded git forge: a bare repository whose main branch starts with the Terraform modules,
 * and where changes are proposed as branches and merged into main, as on GitHub. Change records
 * are JSON blobs under refs/sparki/changes/<id>, so the repository holds everything.
 */
export class LocalForge {
  private readonly gitDir: string;
  private readonly seedModulesDir: string;
  // One operation at a time in this process: change ids are allocated from the existing records.
  private queue: Promise<unknown> = Promise.resolve();
  private initialised = false;

  constructor(options: { directory: string; seedModulesDir: string }) {
    this.gitDir = path.resolve(options.directory);
    this.seedModulesDir = options.seedModulesDir;
  }

  /** Where clones can fetch from, e.g. `git clone <url>`. */
  get remoteUrl(): string {
    return `file://${this.gitDir}`;
  }

  /** Refuses what propose would refuse for its names and paths, without touching the repository. */
  async checkProposal(request: ProposeRequest) {
    await checkBranchName(request.branch, this.gitDir);
    if (request.files.length === 0) {
      throw new InputError('A change needs at least one file');
    }
    request.files.forEach(file => checkFilePath(file.path));
  }

  propose(request: ProposeRequest): Promise<ForgeChange> {
    return this.serialised(async () => {
      await this.checkProposal(request);
      if (await this.resolve(`refs/heads/${request.branch}`)) {
        throw new ConflictError(`Branch ${request.branch} already exists`);
      }
      const baseCommit = (await this.resolve(MAIN))!;
      const entries: string[] = [];
      for (const file of request.files) {
        const blob = await this.git(['hash-object', '-w', '--stdin'], {
          input: file.content,
        });
        entries.push(`100644 ${blob}\t${file.path}`);
      }
      const tree = await this.withIndex(async env => {
        await this.git(['read-tree', baseCommit], { env });
        await this.git(['update-index', '--add', '--index-info'], {
          env,
          input: `${entries.join('\n')}\n`,
        });
        return this.git(['write-tree'], { env });
      });
      const headCommit = await this.commit(
        tree,
        [baseCommit],
        `${request.title}\n\n${request.body}`,
        request.author,
      );
      await this.git([
        'update-ref',
        `refs/heads/${request.branch}`,
        headCommit,
        NO_OBJECT,
      ]);
      const change: ForgeChange = {
        id: String(
          (await this.changeIds()).reduce((a, b) => Math.max(a, b), 0) + 1,
        ),
        branch: request.branch,
        title: request.title,
        body: request.body,
        author: request.author,
        createdAt: new Date().toISOString(),
        state: 'open',
        baseCommit,
        headCommit,
      };
      await this.writeChange(change, NO_OBJECT);
      return change;
    });
  }

  getChange(id: string): Promise<ForgeChange> {
    return this.serialised(() => this.readChange(id));
  }

  /** Unified diff of the change against the main commit it was cut from. */
  diff(id: string): Promise<string> {
    return this.serialised(async () => {
      const change = await this.readChange(id);
      return this.git(
        [
          'diff',
          '--no-color',
          '--no-ext-diff',
          change.baseCommit,
          change.headCommit,
        ],
        { trim: false },
      );
    });
  }

  /** Merges an open change into main: fast-forward when main has not moved, else a merge commit. */
  merge(id: string, mergedBy: string): Promise<ForgeChange> {
    return this.serialised(async () => {
      const change = await this.readChange(id);
      if (change.state !== 'open') {
        throw new ConflictError(`Change ${id} is already ${change.state}`);
      }
      const main = (await this.resolve(MAIN))!;
      let mergeCommit = change.headCommit;
      const fastForward = await this.git([
        'merge-base',
        '--is-ancestor',
        main,
        change.headCommit,
      ]).then(
        () => true,
        () => false,
      );
      if (!fastForward) {
        const tree = await this.git([
          'merge-tree',
          '--write-tree',
          '--no-messages',
          main,
          change.headCommit,
        ]).catch(() => {
          throw new ConflictError(
            `Change ${id} conflicts with main: it cannot be merged`,
          );
        });
        mergeCommit = await this.commit(
          tree.split('\n')[0],
          [main, change.headCommit],
          `Merge change ${id}: ${change.title}`,
          mergedBy,
        );
      }
      await this.git(['update-ref', MAIN, mergeCommit, main]);
      const merged: ForgeChange = {
        ...change,
        state: 'merged',
        mergedAt: new Date().toISOString(),
        mergeCommit,
      };
      await this.writeChange(merged, await this.changeRecordObject(id));
      return merged;
    });
  }

  /** Paths of the files on a branch. */
  listFiles(branch: string): Promise<string[]> {
    return this.serialised(async () => {
      await checkBranchName(branch, this.gitDir);
      const out = await this.git(
        ['ls-tree', '-r', '--name-only', '-z', `refs/heads/${branch}`],
        { trim: false },
      );
      return out.split('\0').filter(Boolean);
    });
  }

  /** Content of a file on a branch. */
  readFile(branch: string, filePath: string): Promise<string> {
    return this.serialised(async () => {
      await checkBranchName(branch, this.gitDir);
      checkFilePath(filePath);
      return this.git(
        ['cat-file', 'blob', `refs/heads/${branch}:${filePath}`],
        {
          trim: false,
        },
      ).catch(() => {
        throw new NotFoundError(`No file ${filePath} on branch ${branch}`);
      });
    });
  }

  private serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.ensureRepository();
      return operation();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Creates the repository on first use, main holding the Terraform modules under modules/. */
  private async ensureRepository() {
    if (this.initialised) return;
    if (!(await this.resolve(MAIN).catch(() => undefined))) {
      await fs.mkdir(this.gitDir, { recursive: true });
      await runGit(this.gitDir, [
        'init',
        '--bare',
        '--quiet',
        '--initial-branch=main',
        this.gitDir,
      ]);
      const files = await listDirectory(this.seedModulesDir);
      const blobs = (
        await this.git(['hash-object', '-w', '--stdin-paths'], {
          input: `${files
            .map(f => path.join(this.seedModulesDir, f))
            .join('\n')}\n`,
        })
      ).split('\n');
      const tree = await this.withIndex(async env => {
        await this.git(['update-index', '--add', '--index-info'], {
          env,
          input: `${files
            .map((file, i) => `100644 ${blobs[i]}\tmodules/${file}`)
            .join('\n')}\n`,
        });
        return this.git(['write-tree'], { env });
      });
      const commit = await this.commit(
        tree,
        [],
        'Terraform modules of Sparki environments',
        COMMITTER.name,
      );
      await this.git(['update-ref', MAIN, commit, NO_OBJECT]);
    }
    this.initialised = true;
  }

  private async git(
    args: string[],
    options: {
      input?: string | Buffer;
      env?: Record<string, string>;
      trim?: boolean;
    } = {},
  ): Promise<string> {
    const out = await runGit(this.gitDir, args, options);
    return options.trim === false ? out : out.trim();
  }

  /** The object a ref points at, or undefined when there is no such ref. */
  private resolve(ref: string): Promise<string | undefined> {
    return this.git([
      'rev-parse',
      '--verify',
      '--quiet',
      `${ref}^{object}`,
    ]).then(
      sha => sha || undefined,
      () => undefined,
    );
  }

  /** Runs `build` with a throw-away index file, so the forge never needs a work tree. */
  private async withIndex<T>(
    build: (env: Record<string, string>) => Promise<T>,
  ) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sparki-forge-'));
    try {
      return await build({ GIT_INDEX_FILE: path.join(dir, 'index') });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  private commit(
    tree: string,
    parents: string[],
    message: string,
    author: string,
  ) {
    return this.git(
      [
        'commit-tree',
        tree,
        ...parents.flatMap(parent => ['-p', parent]),
        '-F',
        '-',
      ],
      {
        input: message,
        env: {
          GIT_AUTHOR_NAME: author,
          GIT_AUTHOR_EMAIL: COMMITTER.email,
          GIT_COMMITTER_NAME: COMMITTER.name,
          GIT_COMMITTER_EMAIL: COMMITTER.email,
        },
      },
    );
  }

  private async changeIds(): Promise<number[]> {
    const refs = await this.git([
      'for-each-ref',
      '--format=%(refname)',
      CHANGES,
    ]);
    return refs
      .split('\n')
      .filter(Boolean)
      .map(ref => Number(ref.slice(CHANGES.length + 1)));
  }

  private async changeRecordObject(id: string): Promise<string> {
    if (!/^[1-9][0-9]{0,9}$/.test(id)) {
      throw new InputError(`Change id ${JSON.stringify(id)} is not a number`);
    }
    const sha = await this.resolve(`${CHANGES}/${id}`);
    if (!sha) throw new NotFoundError(`No change ${id}`);
    return sha;
  }

  private async readChange(id: string): Promise<ForgeChange> {
    const sha = await this.changeRecordObject(id);
    return JSON.parse(await this.git(['cat-file', 'blob', sha]));
  }

  private async writeChange(change: ForgeChange, expectedOld: string) {
    const blob = await this.git(['hash-object', '-w', '--stdin'], {
      input: JSON.stringify(change),
    });
    await this.git([
      'update-ref',
      `${CHANGES}/${change.id}`,
      blob,
      expectedOld,
    ]);
  }
}

/** Files below `dir`, relative with forward slashes, sorted. */
async function listDirectory(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      path
        .relative(dir, path.join(entry.parentPath, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}
