import { headingsOf, splitMarkdown } from './markdownSections';

describe('splitMarkdown', () => {
  it('cuts the body at fenced code blocks', () => {
    const sections = splitMarkdown(
      [
        '# Title',
        '',
        '```sh',
        'kubectl get ns',
        '```',
        'Between.',
        '~~~~',
        'no language',
        '```',
        '~~~~',
      ].join('\n'),
    );
    expect(sections).toEqual([
      { kind: 'markdown', text: '# Title\n' },
      { kind: 'code', language: 'sh', text: 'kubectl get ns' },
      { kind: 'markdown', text: 'Between.' },
      { kind: 'code', language: '', text: 'no language\n```' },
    ]);
  });

  it('dedents a fence of a list item and runs an unclosed fence to the end', () => {
    expect(
      splitMarkdown(
        [
          '1. Run:',
          '',
          '   ```yaml',
          '   a: 1',
          '     b: 2',
          '   ```',
          '2. Then',
        ].join('\n'),
      ),
    ).toEqual([
      { kind: 'markdown', text: '1. Run:\n' },
      { kind: 'code', language: 'yaml', text: 'a: 1\n  b: 2' },
      { kind: 'markdown', text: '2. Then' },
    ]);
    expect(splitMarkdown('text\n```\nopen')).toEqual([
      { kind: 'markdown', text: 'text' },
      { kind: 'code', language: '', text: 'open' },
    ]);
  });

  it('leaves indented code and inline backticks in the prose', () => {
    const body = '    ```\n    indented code\n\nSome `code` here.';
    expect(splitMarkdown(body)).toEqual([{ kind: 'markdown', text: body }]);
  });
});

describe('headingsOf', () => {
  it("lists the prose's headings with MarkdownContent's slugs, not those in code", () => {
    const sections = splitMarkdown(
      [
        '# Runbook: namespaces',
        '## How to fix',
        '```sh',
        '# not a heading',
        '```',
        '### Check `kubectl` **output** ##',
      ].join('\n'),
    );
    expect(headingsOf(sections)).toEqual([
      { level: 1, text: 'Runbook: namespaces', slug: 'runbook--namespaces' },
      { level: 2, text: 'How to fix', slug: 'how-to-fix' },
      { level: 3, text: 'Check kubectl output', slug: 'check-kubectl-output' },
    ]);
  });
});
