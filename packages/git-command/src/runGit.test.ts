import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './runGit';

describe('runGit', () => {
  let dir: string;
  let gitDir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'git-command-test-'));
    gitDir = path.join(dir, 'repo.git');
    await runGit(gitDir, ['init', '--bare', '--quiet']);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('passes input on stdin and returns stdout', async () => {
    const blob = (
      await runGit(gitDir, ['hash-object', '-w', '--stdin'], {
        input: 'name; $(rm -rf /)\n',
      })
    ).trim();
    expect(blob).toMatch(/^[0-9a-f]{40}$/);
    expect(await runGit(gitDir, ['cat-file', 'blob', blob])).toBe(
      'name; $(rm -rf /)\n',
    );
  });

  it("rejects with git's message", async () => {
    await expect(
      runGit(gitDir, ['cat-file', 'blob', 'no-such-object']),
    ).rejects.toThrow(/^git cat-file failed: fatal: .*no-such-object/);
  });

  it("ignores the host's environment and takes the one it is given", async () => {
    const hostConfig = {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: 'Host',
    };
    const saved = { ...process.env };
    Object.assign(process.env, hostConfig);
    try {
      // Unset in the repository, and the host's GIT_CONFIG_* do not reach git: exit status 1.
      await expect(
        runGit(gitDir, ['config', '--get', 'user.name']),
      ).rejects.toThrow(/^git config failed/);
      const given = await runGit(gitDir, ['config', '--get', 'user.name'], {
        env: { ...hostConfig, GIT_CONFIG_VALUE_0: 'Sparki' },
      });
      expect(given.trim()).toBe('Sparki');
    } finally {
      process.env = saved;
    }
  });
});
