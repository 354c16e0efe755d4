import { parseRunbook } from './RunbookLibrary';

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
