import { parseTapSummary, summariseTestRuns } from './testSummary.mjs';

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
