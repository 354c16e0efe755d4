import { createMockDirectory } from '@backstage/backend-test-utils';
import { headingText, parseRunbook, RunbookLibrary } from './RunbookLibrary';

describe('parseRunbook', () => {
  it('takes the first level-1 heading as title and the next paragraph as summary', () => {
    expect(
      parseRunbook(
        'x',
        '<!-- generated -->\n\n# Runbook: RBAC ##\n\n## What it means\n\nLeast\nprivilege.\n\nMore.\n',
      ),
    ).toEqual({ title: 'Runbook: RBAC', summary: 'Least privilege.' });
  });

  it('skips code blocks before the first paragraph', () => {
    expect(
      parseRunbook('x', '# T\n\n```md\n# not a title\n```\nText.\n'),
    ).toEqual({ title: 'T', summary: 'Text.' });
  });

  it('falls back to the id without a title and to an empty summary without text', () => {
    expect(parseRunbook('my-id', '## Only a subheading\n')).toEqual({
      title: 'my-id',
      summary: '',
    });
    expect(parseRunbook('my-id', '')).toEqual({ title: 'my-id', summary: '' });
  });
});

describe('headingText', () => {
  it('drops a closing sequence of #s only after whitespace', () => {
    expect(headingText('Runbook: RBAC ##  ')).toBe('Runbook: RBAC');
    expect(headingText('Title # #')).toBe('Title #');
    expect(headingText('Why C#')).toBe('Why C#');
    expect(headingText('##')).toBe('##');
    expect(headingText('a ## b\t')).toBe('a ## b');
  });

  it('reads a 100,000-character hostile title in one pass', () => {
    // Each of these made `/\s+#*\s*$/` try every split of the run of whitespace (10,000
    // spaces alone took minutes).
    const spaces = ' '.repeat(100_000);
    expect(headingText(`a${spaces}x`)).toBe(`a${spaces}x`);
    expect(headingText(`a${spaces}#x`)).toBe(`a${spaces}#x`);
    expect(headingText(`a${' \t'.repeat(50_000)}#`)).toBe('a');
    expect(parseRunbook('hostile', `# T${spaces}!\n\nSummary.\n`)).toEqual({
      title: `T${spaces}!`,
      summary: 'Summary.',
    });
  });
});

describe('RunbookLibrary', () => {
  const mockDir = createMockDirectory();
  const frontmatter = (title: string) =>
    [
      '---',
      'id: drift',
      `title: "${title}"`,
      'summary: S.',
      'severity: low',
      'owner: group:default/platform-team',
      'last_reviewed: 2026-01-01',
      '---',
    ].join('\n');

  it('reports a runbook whose frontmatter title differs from its heading', async () => {
    mockDir.setContent({
      'drift.md': `${frontmatter('Runbook: A')}\n# Runbook: B\n\nText.\n`,
    });
    const library = new RunbookLibrary({
      directory: mockDir.path,
      staleAfterDays: 180,
      now: () => new Date('2026-02-01T00:00:00Z'),
    });
    await expect(library.load()).resolves.toEqual({
      runbooks: [],
      invalid: [
        {
          file: 'drift.md',
          field: 'title',
          reason: 'differs from the first heading of the body "Runbook: B"',
        },
      ],
    });
  });

  it('accepts a body without a heading and computes staleness at the given time', async () => {
    mockDir.setContent({ 'drift.md': `${frontmatter('Runbook: A')}\nText.\n` });
    const library = new RunbookLibrary({
      directory: mockDir.path,
      staleAfterDays: 180,
      now: () => new Date('2026-02-01T00:00:00Z'),
    });
    const { runbooks } = await library.load();
    expect(runbooks).toEqual([
      expect.objectContaining({
        id: 'drift',
        markdown: 'Text.\n',
        stale: true,
        staleReasons: ['never-tested'],
      }),
    ]);
  });
});
