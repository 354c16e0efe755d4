import { execFile } from 'node:child_process';

/**
 * Runs the `git` binary on `gitDir` with an argument array (never a shell string) and returns its
 * stdout; a failure rejects with git's own message (`git update-ref failed: …`).
 */
export function runGit(
  gitDir: string,
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [`--git-dir=${gitDir}`, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        // No user or system configuration: hooks, aliases or signing settings of the host must not
        // change what is read or written.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: gitDir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          ...options.env,
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`git ${args[0]} failed: ${stderr.trim() || error}`));
        } else {
          resolve(stdout);
        }
      },
    );
    // git may exit before reading its input (a refused ref, say): its exit status reports that.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
