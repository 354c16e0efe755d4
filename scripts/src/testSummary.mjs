// The closing line of `./sparki test`: counts of jest's JSON report and of the browser suite's
// TAP report (node:test), with every way a suite can fail to run counted as a failure, so that
// a run that tested nothing can never end in `0 passed, 0 failed` and exit 0.

/** Counts of a node:test TAP report, or null when it has no summary (the run did not finish). */
export function parseTapSummary(text) {
  const read = name => {
    const match = text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'));
    return match ? Number(match[1]) : undefined;
  };
  const tests = read('tests');
  if (tests === undefined) return null;
  return {
    tests,
    pass: read('pass') ?? 0,
    fail: read('fail') ?? 0,
    cancelled: read('cancelled') ?? 0,
    skipped: read('skipped') ?? 0,
    todo: read('todo') ?? 0,
  };
}

/** The names of a node:test TAP report's failed tests (nested ones too), directives dropped. */
export function parseTapFailures(text) {
  const failures = [];
  for (const match of text.matchAll(/^ *not ok \d+ - (.*)$/gm)) {
    failures.push(match[1].replace(/ # (SKIP|TODO)\b.*$/i, '').trim());
  }
  return failures;
}

/**
 * What failed in a jest `--json` report: each failed test as `file › full name`, and each suite
 * that failed without a failed test (it did not load, or a hook threw) as `file: first line`.
 */
export function jestFailures(report, root) {
  const failures = [];
  for (const suite of report.testResults ?? []) {
    const file = relativeTo(root, suite.name ?? '?');
    const failed = (suite.assertionResults ?? []).filter(
      test => test.status === 'failed',
    );
    for (const test of failed) failures.push(`${file} › ${test.fullName}`);
    if (suite.status === 'failed' && failed.length === 0) {
      const firstLine = String(suite.message ?? '')
        .split('\n')
        .map(line => line.trim())
        .find(Boolean);
      failures.push(`${file}: ${firstLine ?? 'failed to run'}`);
    }
  }
  return failures;
}

function relativeTo(root, path) {
  return root && path.startsWith(`${root}/`)
    ? path.slice(root.length + 1)
    : path;
}

/**
 * @param {object} runs
 * @param {{ status: number, report: object | null }} runs.jest  jest's exit status and its
 *   `--json` report (null when it wrote none)
 * @param {{ status: number, tap: string | null } | undefined} runs.browser  the browser suite's
 *   exit status and TAP text (null when it wrote none); undefined when it was not run
 * @param {string} [runs.root]  the repository's root, to name test files relative to it
 * @returns {{ passed: number, failed: number, skipped: number, problems: string[],
 *   failures: string[], line: string, exitCode: number }}
 */
export function summariseTestRuns({ jest, browser, root }) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const problems = [];
  // Named at the end of the run, so a log's last lines say what failed.
  const failures = [];
  const problem = message => {
    totals.failed += 1;
    problems.push(message);
  };

  const report = jest.report;
  if (!report) {
    problem(`jest wrote no report (exit status ${jest.status})`);
  } else {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    failures.push(...jestFailures(report, root));
    // A suite that fails to load has no test results but must still count as a failure.
    const brokenSuites = report.numRuntimeErrorTestSuites ?? 0;
    if (brokenSuites > 0) {
      totals.failed += brokenSuites;
      problems.push(`${brokenSuites} jest suite(s) failed to run`);
    }
    if (report.numTotalTests === 0 && brokenSuites === 0) {
      problem('jest ran no test');
    } else if (jest.status !== 0 && totals.failed === 0) {
      problem(`jest exited ${jest.status} without a failed test`);
    }
  }

  if (browser) {
    const counts = browser.tap === null ? null : parseTapSummary(browser.tap);
    if (!counts) {
      problem(
        `the browser suite wrote no TAP summary (exit status ${browser.status})`,
      );
    } else {
      totals.passed += counts.pass;
      // A cancelled test (its timeout, or a failed hook before it) did not pass.
      totals.failed += counts.fail + counts.cancelled;
      totals.skipped += counts.skipped + counts.todo;
      failures.push(
        ...parseTapFailures(browser.tap).map(name => `browser › ${name}`),
      );
      if (counts.cancelled > 0) {
        problems.push(`${counts.cancelled} browser test(s) cancelled`);
      }
      if (counts.tests === 0) {
        problem('the browser suite ran no test');
      } else if (browser.status !== 0 && counts.fail + counts.cancelled === 0) {
        problem(
          `the browser suite exited ${browser.status} without a failed test`,
        );
      }
    }
  }

  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  return {
    ...totals,
    problems,
    failures,
    line: `${totals.passed} passed, ${totals.failed} failed${skipped}`,
    exitCode: totals.failed > 0 ? 1 : 0,
  };
}
