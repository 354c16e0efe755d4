import { ServiceUnavailableError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '@sparki/git-command';
import { GitClusterSource } from '../config/clusters';

/** Runs git on the repository (no host configuration), naming the repository in the error. */
function git(repository: string, args: string[]): Promise<string> {
  return runGit(repository, args).catch(error => {
    throw new Error(
      `Cannot read ${args[0]} of ${repository}: ${(error as Error).message}`,
    );
  });
}

/** The git directory of a repository: itself when bare, else its `.git`. */
async function gitDirOf(repository: string): Promise<string> {
  const dotGit = path.join(repository, '.git');
  return fs.stat(dotGit).then(
    () => dotGit,
    () => repository,
  );
}

/**
 * Refuses a repository that does not exist or holds no commit yet (e.g. one another plugin seeds
 * at startup) with a ServiceUnavailableError: the cluster's posture is unknown for now, which is
 * not the same as a bad ref or a broken repository.
 */
async function assertHasCommits(source: GitClusterSource, gitDir: string) {
  const refs = await git(gitDir, ['for-each-ref', '--count=1']).catch(
    () => undefined,
  );
  if (refs === undefined || refs.trim() === '') {
    throw new ServiceUnavailableError(
      `Cluster "${source.name}": ${source.repository} ${
        refs === undefined
          ? 'is not a git repository (yet)'
          : 'has no commits yet (empty, or not seeded yet)'
      }, so its posture is unknown until a scan after the first commit`,
    );
  }
}

/**
 * Runs `read` on a temporary directory holding the source's manifests at its ref (`git archive`
 * of the commit, unpacked), and removes the directory afterwards.
 */
export async function withGitManifests<T>(
  source: GitClusterSource,
  read: (directory: string) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sparki-posture-git-'));
  try {
    const gitDir = await gitDirOf(source.repository);
    await assertHasCommits(source, gitDir);
    const archive = path.join(dir, 'manifests.tar');
    const tree = path.join(dir, 'tree');
    await fs.mkdir(tree);
    await git(gitDir, [
      'archive',
      '--format=tar',
      `--output=${archive}`,
      `${source.ref}^{commit}`,
      ...(source.path ? ['--', source.path] : []),
    ]);
    await new Promise<void>((resolve, reject) =>
      execFile('tar', ['-xf', archive, '-C', tree], error =>
        error ? reject(error) : resolve(),
      ),
    );
    return await read(source.path ? path.join(tree, source.path) : tree);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
