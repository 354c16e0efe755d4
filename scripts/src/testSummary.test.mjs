import {
  parseTapFailures,
  parseTapSummary,
  summariseTestRuns,
} from './testSummary.mjs';

function jestReport(overrides = {}) {
  return {
    numTotalTests: 3,
    numPassedTests: 3,
    numFailedTests: 0,
    numPendingTests: 0,
    numTodoTests: 0,
    numRuntimeErrorTestSuites: 0,
    ...overrides,
  };
}

// What `node --test --test-reporter=tap` ends with.
function tap({ tests, pass, fail = 0, cancelled = 0, skipped = 0, todo = 0 }) {
  return [
    'TAP version 13',
    '# Subtest: smoke',
    'ok 1 - smoke',
    `1..${tests}`,
    `# tests ${tests}`,
    '# suites 0',
    `# pass ${pass}`,
    `# fail ${fail}`,
    `# cancelled ${cancelled}`,
    `# skipped ${skipped}`,
    `# todo ${todo}`,
    '# duration_ms 1234.5',
    '',
  ].join('\n');
}

const passingJest = { status: 0, report: jestReport() };

describe('summariseTestRuns', () => {
  it('adds up jest and the browser suite', () => {
    expect(
      summariseTestRuns({
        jest: { status: 0, report: jestReport({ numPendingTests: 1 }) },
        browser: { status: 0, tap: tap({ tests: 2, pass: 2 }) },
      }),
    ).toEqual({
      passed: 5,
      failed: 0,
      skipped: 1,
      problems: [],
      failures: [],
      line: '5 passed, 0 failed, 1 skipped',
      exitCode: 0,
    });
  });

  it('fails a jest run that ran no test', () => {
    const summary = summariseTestRuns({
      jest: {
        status: 0,
        report: jestReport({ numTotalTests: 0, numPassedTests: 0 }),
      },
    });
    expect(summary).toMatchObject({
      line: '0 passed, 1 failed',
      exitCode: 1,
      problems: ['jest ran no test'],
    });
  });

  it('fails a browser suite that ran no test', () => {
    const summary = summariseTestRuns({
      jest: passingJest,
      browser: { status: 0, tap: tap({ tests: 0, pass: 0 }) },
    });
    expect(summary).toMatchObject({
      line: '3 passed, 1 failed',
      exitCode: 1,
      problems: ['the browser suite ran no test'],
    });
  });

  it('counts every cancelled browser test as failed', () => {
    const summary = summariseTestRuns({
      jest: passingJest,
      browser: { status: 1, tap: tap({ tests: 4, pass: 2, cancelled: 2 }) },
    });
    expect(summary).toMatchObject({
      passed: 5,
      failed: 2,
      exitCode: 1,
      problems: ['2 browser test(s) cancelled'],
    });
  });

  it('fails when a report is missing or has no summary', () => {
    expect(
      summariseTestRuns({
        jest: { status: 1, report: null },
        browser: { status: 1, tap: 'TAP version 13\n# Subtest: smoke\n' },
      }),
    ).toMatchObject({
      line: '0 passed, 2 failed',
      exitCode: 1,
      problems: [
        'jest wrote no report (exit status 1)',
        'the browser suite wrote no TAP summary (exit status 1)',
      ],
    });
    expect(
      summariseTestRuns({
        jest: passingJest,
        browser: { status: 1, tap: null },
      }),
    ).toMatchObject({ failed: 1, exitCode: 1 });
  });

  it('counts a suite that failed to load, and a failing exit without failed tests', () => {
    expect(
      summariseTestRuns({
        jest: {
          status: 1,
          report: jestReport({
            numTotalTests: 2,
            numPassedTests: 2,
            numRuntimeErrorTestSuites: 1,
          }),
        },
      }),
    ).toMatchObject({ passed: 2, failed: 1, exitCode: 1 });
    expect(
      summariseTestRuns({
        jest: passingJest,
        browser: { status: 1, tap: tap({ tests: 1, pass: 1 }) },
      }),
    ).toMatchObject({
      failed: 1,
      problems: ['the browser suite exited 1 without a failed test'],
    });
  });
});

describe('what failed, by name', () => {
  it('names each failed jest test by file and full name, and each suite that did not run', () => {
    const summary = summariseTestRuns({
      root: '/repo',
      jest: {
        status: 1,
        report: jestReport({
          numTotalTests: 3,
          numPassedTests: 2,
          numFailedTests: 1,
          numRuntimeErrorTestSuites: 1,
          testResults: [
            {
              name: '/repo/plugins/a/src/a.test.ts',
              status: 'failed',
              message: '● a › refuses',
              assertionResults: [
                { status: 'passed', fullName: 'a accepts' },
                { status: 'failed', fullName: 'a refuses' },
              ],
            },
            {
              name: '/repo/plugins/b/src/b.test.ts',
              status: 'failed',
              message:
                '\n  ● Test suite failed to run\n\n    Cannot find module',
              assertionResults: [],
            },
            {
              name: '/repo/plugins/c/src/c.test.ts',
              status: 'passed',
              message: '',
              assertionResults: [{ status: 'passed', fullName: 'c works' }],
            },
          ],
        }),
      },
    });
    expect(summary.failures).toEqual([
      'plugins/a/src/a.test.ts › a refuses',
      'plugins/b/src/b.test.ts: ● Test suite failed to run',
    ]);
    expect(summary.failed).toBe(2);
  });

  it('names the failed and cancelled browser tests', () => {
    const text = [
      'TAP version 13',
      '# Subtest: deploys',
      '    # Subtest: approves',
      '    not ok 1 - approves',
      '      ---',
      "      error: 'test did not finish before its parent and was cancelled'",
      '      ...',
      'not ok 1 - deploys',
      'ok 2 - signs in',
      'ok 3 - a later one # SKIP',
      '1..3',
      '# tests 3',
      '# pass 1',
      '# fail 1',
      '# cancelled 1',
    ].join('\n');
    expect(parseTapFailures(text)).toEqual(['approves', 'deploys']);
    expect(
      summariseTestRuns({
        jest: passingJest,
        browser: { status: 1, tap: text },
      }).failures,
    ).toEqual(['browser › approves', 'browser › deploys']);
  });
});

describe('parseTapSummary', () => {
  it('reads the closing counts of node:test', () => {
    expect(
      parseTapSummary(
        tap({ tests: 5, pass: 1, fail: 1, cancelled: 1, skipped: 1, todo: 1 }),
      ),
    ).toEqual({
      tests: 5,
      pass: 1,
      fail: 1,
      cancelled: 1,
      skipped: 1,
      todo: 1,
    });
  });

  it('ignores counts in test output that are not at the start of a line', () => {
    expect(parseTapSummary('  ---\n  message: "# tests 9"\n')).toBeNull();
  });
});
