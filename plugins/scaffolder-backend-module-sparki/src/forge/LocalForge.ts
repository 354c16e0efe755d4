import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  EnvironmentChangeKind,
  ForgeChange,
  ForgeChangeSummary,
} from '@sparki/sparki-forge-common';
import { runGit } from '@sparki/git-command';

export type { ForgeChange };

export interface ProposeRequest {
  branch: string;
  title: string;
  body: string;
  author: string;
  /** Files to commit, by path in the repository (forward slashes). */
  files: Array<{ path: string; content: Buffer }>;
  /** Files or directories to delete from main's tree (a decommission removes a root). */
  removePaths?: string[];
}

/** A root (`environments/<name>/`) deleted from main, and the last commit that still had it. */
export interface RemovedRoot {
  name: string;
  removedIn: string;
  lastCommit: string;
}

const MAIN = 'refs/heads/main';
const CHANGES = 'refs/sparki/changes';
const NO_OBJECT = '0'.repeat(40);
const COMMIT_ID = /^[0-9a-f]{40}$/;
const ROOT_PATH = /^environments\/([^/]+)\//;
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
 * An embedded git forge: a bare repository whose main branch starts with the Terraform modules
 * (and the roots of the environments that exist already),
 * and where changes are proposed as branches and merged into main, as on GitHub. Change records
 * are JSON blobs under refs/sparki/changes/<id>, so the repository holds everything.
 */
export class LocalForge {
  private readonly gitDir: string;
  private readonly seedModulesDir: string;
  private readonly seedEnvironmentsDir?: string;
  // One operation at a time in this process: change ids are allocated from the existing records.
  private queue: Promise<unknown> = Promise.resolve();
  private initialised = false;

  constructor(options: {
    directory: string;
    seedModulesDir: string;
    /** Roots (`<name>/...`) main starts with under environments/: the existing environments. */
    seedEnvironmentsDir?: string;
  }) {
    this.gitDir = path.resolve(options.directory);
    this.seedModulesDir = options.seedModulesDir;
    this.seedEnvironmentsDir = options.seedEnvironmentsDir;
  }

  /** Where clones can fetch from, e.g. `git clone <url>`. */
  get remoteUrl(): string {
    return `file://${this.gitDir}`;
  }

  /** Whether the repository exists yet (it is created by the first operation that needs it). */
  async hasRepository(): Promise<boolean> {
    return (await this.resolve(MAIN)) !== undefined;
  }

  /** Refuses what propose would refuse for its names and paths, without touching the repository. */
  async checkProposal(request: ProposeRequest) {
    await checkBranchName(request.branch, this.gitDir);
    const removePaths = request.removePaths ?? [];
    if (request.files.length === 0 && removePaths.length === 0) {
      throw new InputError('A change needs at least one file');
    }
    request.files.forEach(file => checkFilePath(file.path));
    removePaths.forEach(checkFilePath);
  }

  /** The diff `propose` would record, computed in a throw-away object store: nothing is written. */
  previewDiff(request: ProposeRequest): Promise<string> {
    return this.serialised(async () => {
      await this.checkProposal(request);
      const objects = await fs.mkdtemp(
        path.join(os.tmpdir(), 'sparki-forge-objects-'),
      );
      try {
        const env = {
          GIT_OBJECT_DIRECTORY: objects,
          GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(this.gitDir, 'objects'),
        };
        const baseCommit = (await this.resolve(MAIN))!;
        await this.checkBranchFree(request.branch, baseCommit);
        const tree = await this.buildTree(baseCommit, request, env);
        return await this.git(
          ['diff', '--no-color', '--no-ext-diff', baseCommit, tree],
          { trim: false, env },
        );
      } finally {
        await fs.rm(objects, { recursive: true, force: true });
      }
    });
  }

  propose(request: ProposeRequest): Promise<ForgeChange> {
    return this.serialised(async () => {
      await this.checkProposal(request);
      const baseCommit = (await this.resolve(MAIN))!;
      const existing = await this.checkBranchFree(request.branch, baseCommit);
      const tree = await this.buildTree(baseCommit, request, {});
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
        existing ?? NO_OBJECT,
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

  /** One change with its state as main has it and the environments it touches. */
  getChangeSummary(id: string): Promise<ForgeChangeSummary> {
    return this.serialised(async () =>
      this.summarise(await this.readChange(id), (await this.resolve(MAIN))!),
    );
  }

  /** Every change, newest first, with its state as main has it and the environments it touches. */
  listChanges(): Promise<ForgeChangeSummary[]> {
    return this.serialised(async () => {
      const main = (await this.resolve(MAIN))!;
      const ids = (await this.changeIds()).sort((a, b) => b - a);
      const changes: ForgeChangeSummary[] = [];
      for (const id of ids) {
        changes.push(
          await this.summarise(await this.readChange(String(id)), main),
        );
      }
      return changes;
    });
  }

  /** The commit main points at. */
  mainCommit(): Promise<string> {
    return this.serialised(async () => (await this.resolve(MAIN))!);
  }

  /** Roots that main once had and has no more, each with the last commit that had it. */
  removedRoots(): Promise<RemovedRoot[]> {
    return this.serialised(async () => {
      const out = await this.git([
        'log',
        '--first-parent',
        '--diff-filter=D',
        '--name-only',
        '--format=commit %H',
        MAIN,
        '--',
        'environments/*/catalog-info.yaml',
      ]);
      const removed = new Map<string, RemovedRoot>();
      let commit = '';
      for (const line of out.split('\n')) {
        if (line.startsWith('commit ')) {
          commit = line.slice('commit '.length);
        } else {
          const name = ROOT_PATH.exec(line)?.[1];
          // Newest first: a root removed twice counts by its last removal.
          if (name && !removed.has(name)) {
            removed.set(name, {
              name,
              removedIn: commit,
              lastCommit: (await this.resolve(`${commit}^1`))!,
            });
          }
        }
      }
      return [...removed.values()];
    });
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
      const main = (await this.resolve(MAIN))!;
      if (
        change.state !== 'open' ||
        (await this.isAncestor(change.headCommit, main))
      ) {
        throw new ConflictError(`Change ${id} is already merged`);
      }
      let mergeCommit = change.headCommit;
      if (!(await this.isAncestor(main, change.headCommit))) {
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
        mergedBy,
      };
      await this.writeChange(merged, await this.changeRecordObject(id));
      return merged;
    });
  }

  /** Paths of the files on a branch or at a commit (40 hex digits), optionally below a directory. */
  listFiles(revision: string, directory?: string): Promise<string[]> {
    return this.serialised(async () => {
      const rev = await this.revision(revision);
      if (directory !== undefined) checkFilePath(directory);
      const out = await this.git(
        [
          'ls-tree',
          '-r',
          '--name-only',
          '-z',
          rev,
          ...(directory ? ['--', `${directory}/`] : []),
        ],
        { trim: false },
      );
      return out.split('\0').filter(Boolean);
    });
  }

  /** Content of a (text) file on a branch or at a commit. */
  readFile(revision: string, filePath: string): Promise<string> {
    return this.serialised(async () => {
      const rev = await this.revision(revision);
      checkFilePath(filePath);
      return this.git(['cat-file', 'blob', `${rev}:${filePath}`], {
        trim: false,
      }).catch(() => {
        throw new NotFoundError(`No file ${filePath} on ${revision}`);
      });
    });
  }

  /** A commit id as is, or a branch name (checked) as its full ref. */
  private async revision(revision: string): Promise<string> {
    if (COMMIT_ID.test(revision)) return revision;
    await checkBranchName(revision, this.gitDir);
    return `refs/heads/${revision}`;
  }

  /**
   * Refuses a branch that exists and is not merged; returns where a merged one points. A merged
   * branch may be proposed again (as GitHub lets a merged branch be recreated).
   */
  private async checkBranchFree(
    branch: string,
    main: string,
  ): Promise<string | undefined> {
    const existing = await this.resolve(`refs/heads/${branch}`);
    if (existing && !(await this.isAncestor(existing, main))) {
      throw new ConflictError(
        `Branch ${branch} already exists and is not merged`,
      );
    }
    return existing;
  }

  private isAncestor(commit: string, of: string): Promise<boolean> {
    return this.git(['merge-base', '--is-ancestor', commit, of]).then(
      () => true,
      () => false,
    );
  }

  /** The tree of `base` with the request's files written and its paths removed. */
  private async buildTree(
    base: string,
    request: ProposeRequest,
    env: Record<string, string>,
  ): Promise<string> {
    const entries: string[] = [];
    for (const removed of request.removePaths ?? []) {
      const files = await this.git(
        ['ls-tree', '-r', '--name-only', '-z', base, '--', removed],
        { trim: false, env },
      );
      for (const file of files.split('\0').filter(Boolean)) {
        // Mode 0 in --index-info removes the path from the index.
        entries.push(`0 ${NO_OBJECT}\t${file}`);
      }
    }
    for (const file of request.files) {
      const blob = await this.git(['hash-object', '-w', '--stdin'], {
        input: file.content,
        env,
      });
      entries.push(`100644 ${blob}\t${file.path}`);
    }
    const tree = await this.withIndex(async indexEnv => {
      const both = { ...env, ...indexEnv };
      await this.git(['read-tree', base], { env: both });
      if (entries.length > 0) {
        await this.git(['update-index', '--add', '--index-info'], {
          env: both,
          input: `${entries.join('\n')}\n`,
        });
      }
      return this.git(['write-tree'], { env: both });
    });
    if (tree === (await this.git(['rev-parse', `${base}^{tree}`], { env }))) {
      throw new InputError('The change changes nothing on main');
    }
    return tree;
  }

  /** The change's state as main has it (merged by hand counts) and the roots it touches. */
  private async summarise(
    change: ForgeChange,
    main: string,
  ): Promise<ForgeChangeSummary> {
    const merged =
      change.state === 'merged' ||
      (await this.isAncestor(change.headCommit, main));
    const out = await this.git(
      [
        'diff',
        '--name-status',
        '--no-renames',
        '-z',
        change.baseCommit,
        change.headCommit,
        '--',
        'environments/',
      ],
      { trim: false },
    );
    const fields = out.split('\0').filter(Boolean);
    const kinds = new Map<string, EnvironmentChangeKind>();
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [status, filePath] = [fields[i], fields[i + 1]];
      const name = ROOT_PATH.exec(filePath)?.[1];
      if (!name) continue;
      const isRootFile = filePath === `environments/${name}/catalog-info.yaml`;
      if (isRootFile && status === 'A') kinds.set(name, 'create');
      else if (isRootFile && status === 'D') kinds.set(name, 'decommission');
      else if (!kinds.has(name)) kinds.set(name, 'update');
    }
    return {
      ...change,
      state: merged ? 'merged' : 'open',
      environments: [...kinds].map(([name, kind]) => ({ name, kind })),
    };
  }

  private serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.ensureRepository();
      return operation();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Creates the repository on first use, main holding the Terraform modules under modules/ and
   * the seeded roots under environments/.
   */
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
      const seeds = [
        { dir: this.seedModulesDir, prefix: 'modules' },
        ...(this.seedEnvironmentsDir
          ? [{ dir: this.seedEnvironmentsDir, prefix: 'environments' }]
          : []),
      ];
      const files = (
        await Promise.all(
          seeds.map(async ({ dir, prefix }) =>
            (
              await listDirectory(dir)
            ).map(file => ({
              source: path.join(dir, file),
              path: `${prefix}/${file}`,
            })),
          ),
        )
      ).flat();
      const blobs = (
        await this.git(['hash-object', '-w', '--stdin-paths'], {
          input: `${files.map(file => file.source).join('\n')}\n`,
        })
      ).split('\n');
      const tree = await this.withIndex(async env => {
        await this.git(['update-index', '--add', '--index-info'], {
          env,
          input: `${files
            .map((file, i) => `100644 ${blobs[i]}\t${file.path}`)
            .join('\n')}\n`,
        });
        return this.git(['write-tree'], { env });
      });
      const commit = await this.commit(
        tree,
        [],
        this.seedEnvironmentsDir
          ? 'Terraform modules and the existing environments'
          : 'Terraform modules of Sparki environments',
        COMMITTER.name,
      );
      // Another forge on the same directory (another plugin) may have seeded it meanwhile.
      await this.git(['update-ref', MAIN, commit, NO_OBJECT]).catch(
        async error => {
          if (!(await this.resolve(MAIN))) throw error;
        },
      );
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
