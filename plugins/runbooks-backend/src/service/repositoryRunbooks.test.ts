import { parseRunbookFile } from '@sparki/runbooks-common';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RunbookLibrary } from './RunbookLibrary';

/**
 * Fails the build on an invalid runbook of the repository's `runbooks/`: every `.md` file goes
 * through the schema and the library, so a runbook the portal would hide cannot be merged.
 */
const directory = path.resolve(__dirname, '../../../../runbooks');
const files = readdirSync(directory).filter(name => name.endsWith('.md'));

describe("the repository's runbooks", () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s has valid frontmatter', file => {
    const parsed = parseRunbookFile(
      file,
      readFileSync(path.join(directory, file), 'utf8'),
    );
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('are all served by the library, none reported invalid', async () => {
    const library = new RunbookLibrary({ directory, staleAfterDays: 180 });
    const { runbooks, invalid } = await library.load();
    expect(invalid).toEqual([]);
    expect(runbooks.map(runbook => `${runbook.id}.md`).sort()).toEqual(
      [...files].sort(),
    );
  });
});
