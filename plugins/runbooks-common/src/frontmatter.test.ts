import {
  parseRunbookFile,
  runbookTestInputSchema,
  splitFrontmatter,
} from './frontmatter';

const valid = [
  '---',
  'id: rbac-least-privilege',
  'title: "Runbook: RBAC least privilege"',
  'summary: Remove excess Kubernetes permissions.',
  'severity: high',
  'owner: group:default/platform-team',
  'applies_to: [Resource, "resource:default/sparki-eks"]',
  'controls: [rbac-cluster-admin-bindings, rbac-secrets-access]',
  'last_reviewed: 2026-01-15',
  'last_tested: { date: 2026-01-20, by: user:default/alice, outcome: passed }',
  'tags: [kubernetes, rbac]',
  '---',
  '',
  '# Runbook: RBAC least privilege',
  '',
  'Body.',
].join('\n');

/** `valid` with one frontmatter line replaced (or removed with `undefined`). */
function withLine(prefix: string, line: string | undefined): string {
  return valid
    .split('\n')
    .flatMap(l => {
      if (!l.startsWith(prefix)) return [l];
      return line === undefined ? [] : [line];
    })
    .join('\n');
}

describe('parseRunbookFile', () => {
  it('reads the frontmatter into camelCase fields and strips it from the body', () => {
    const parsed = parseRunbookFile('rbac-least-privilege.md', valid);
    expect(parsed).toEqual({
      ok: true,
      frontmatter: {
        id: 'rbac-least-privilege',
        title: 'Runbook: RBAC least privilege',
        summary: 'Remove excess Kubernetes permissions.',
        severity: 'high',
        owner: 'group:default/platform-team',
        appliesTo: ['Resource', 'resource:default/sparki-eks'],
        controls: ['rbac-cluster-admin-bindings', 'rbac-secrets-access'],
        detections: [],
        deploySteps: [],
        lastReviewed: '2026-01-15',
        lastTested: {
          date: '2026-01-20',
          by: 'user:default/alice',
          outcome: 'passed',
        },
        tags: ['kubernetes', 'rbac'],
      },
      body: '# Runbook: RBAC least privilege\n\nBody.',
    });
  });

  it.each([
    ['severity: high', 'severity: urgent', 'severity', /expected one of/],
    ['owner:', 'owner: platform-team', 'owner', /group entity ref/],
    ['owner:', undefined, 'owner', /is required/],
    [
      'last_reviewed:',
      'last_reviewed: 2026-02-30',
      'last_reviewed',
      /not a calendar date/,
    ],
    [
      'last_reviewed:',
      'last_reviewed: 2026-13-01',
      'last_reviewed',
      /not a calendar date/,
    ],
    [
      'last_reviewed:',
      'last_reviewed: 2999-01-01',
      'last_reviewed',
      /in the future/,
    ],
    [
      'last_reviewed:',
      'last_reviewed: yesterday',
      'last_reviewed',
      /YYYY-MM-DD/,
    ],
    [
      'last_tested:',
      'last_tested: { date: 2026-01-20, by: alice, outcome: fine }',
      'last_tested.outcome',
      /expected one of/,
    ],
    [
      'controls:',
      'controls: [rbac-secrets-access, "Bad Id"]',
      'controls.1',
      /control id/,
    ],
    ['controls:', 'controls: [a, a]', 'controls', /duplicates/],
    ['tags:', 'tags: kubernetes', 'tags', /expected array/],
    ['applies_to:', 'applies_to: ["not a ref"]', 'applies_to.0', /entity ref/],
    ['tags:', 'control: [x]', 'control', /not a runbook frontmatter key/],
    ['id:', 'id: other-runbook', 'id', /does not match the file name/],
  ])(
    'reports %s → %s as a problem of field %s',
    (prefix, line, field, reason) => {
      const parsed = parseRunbookFile(
        'rbac-least-privilege.md',
        withLine(prefix, line),
      );
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.problems).toContainEqual({
        file: 'rbac-least-privilege.md',
        field,
        reason: expect.stringMatching(reason),
      });
    },
  );

  it('reports a missing block, broken YAML, a duplicate key and a non-mapping', () => {
    const problemsOf = (text: string) => {
      const parsed = parseRunbookFile('x.md', text);
      return parsed.ok ? [] : parsed.problems;
    };
    expect(problemsOf('# Runbook\n\nNo frontmatter.\n')).toEqual([
      {
        file: 'x.md',
        field: 'frontmatter',
        reason: expect.stringMatching(/^missing/),
      },
    ]);
    expect(problemsOf('---\nid: x\n# never closed\n')).toEqual([
      expect.objectContaining({
        field: 'frontmatter',
        reason: expect.stringMatching(/^missing/),
      }),
    ]);
    expect(problemsOf('---\nid: [x\n---\n')).toEqual([
      expect.objectContaining({
        field: 'frontmatter',
        reason: expect.stringMatching(/^invalid YAML/),
      }),
    ]);
    expect(problemsOf('---\nid: x\nid: y\n---\n')).toEqual([
      expect.objectContaining({
        field: 'frontmatter',
        reason: expect.stringMatching(/^invalid YAML/),
      }),
    ]);
    expect(problemsOf('---\n- a\n---\n')).toEqual([
      { file: 'x.md', field: 'frontmatter', reason: 'must be a YAML mapping' },
    ]);
  });
});

describe('splitFrontmatter', () => {
  it('accepts CRLF line ends, a byte-order mark and `...` as the closing line', () => {
    expect(
      splitFrontmatter('\uFEFF---\r\nid: x\r\n...\r\n\r\nBody\r\n'),
    ).toEqual({
      yaml: 'id: x\r',
      body: 'Body\r\n',
    });
  });

  it('finds no block unless the file starts with one', () => {
    expect(splitFrontmatter('# T\n---\nid: x\n---\n')).toBeUndefined();
  });

  it('splits a 1 MB hostile file line by line', () => {
    const text = `---\n${'-'.repeat(1_000_000)}\n`;
    expect(splitFrontmatter(text)).toBeUndefined();
  });
});

describe('runbookTestInputSchema', () => {
  it('accepts a passed test without a note and trims notes', () => {
    expect(
      runbookTestInputSchema.parse({ date: '2026-01-20', outcome: 'passed' }),
    ).toEqual({ date: '2026-01-20', outcome: 'passed' });
    expect(
      runbookTestInputSchema.parse({
        date: '2026-01-20',
        outcome: 'partial',
        note: '  step 3 timed out ',
      }),
    ).toEqual({
      date: '2026-01-20',
      outcome: 'partial',
      note: 'step 3 timed out',
    });
  });

  it.each([
    [{ date: '2026-01-20', outcome: 'failed' }, 'note', /is required/],
    [{ date: '2026-01-20', outcome: 'failed', note: ' ' }, 'note', /required/],
    [{ date: '2999-01-01', outcome: 'passed' }, 'date', /in the future/],
    [{ date: '2026-01-20', outcome: 'fine' }, 'outcome', /expected one of/],
    [
      { date: '2026-01-20', outcome: 'passed', by: 'user:default/eve' },
      '',
      /by/,
    ],
  ])('rejects %j (%s)', (input, path, message) => {
    const result = runbookTestInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({
        path: path ? [path] : [],
        message: expect.stringMatching(message),
      }),
    );
  });
});
