import {
  RunbookTest,
  RunbookTestList,
  RunbooksTestedReport,
} from '@sparki/runbooks-common';
import type { RunbookTestStore } from '../store/RunbookTestStore';
import type { RunbookLibrary } from './RunbookLibrary';

/** What a caller submits; who tested is the signed-in user, never the request body. */
export interface RecordTestInput {
  date: string;
  outcome: RunbookTest['outcome'];
  note?: string;
}

/**
 * "Mark as tested": records who exercised a runbook, when and with what outcome, and answers
 * what the compliance checklist asks ("which runbooks were tested since ...?").
 */
export class RunbookTestService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      library: Pick<RunbookLibrary, 'get' | 'list'>;
      store: RunbookTestStore;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Records a test of a valid runbook; 404 (from the library) for an unknown or invalid one. */
  async record(
    runbookId: string,
    input: RecordTestInput,
    userRef: string,
  ): Promise<RunbookTest> {
    await this.options.library.get(runbookId);
    const test: RunbookTest = {
      runbookId,
      date: input.date,
      by: userRef,
      outcome: input.outcome,
      ...(input.note ? { note: input.note } : {}),
      recordedAt: this.now().toISOString(),
    };
    await this.options.store.add(test);
    return test;
  }

  async history(runbookId: string): Promise<RunbookTestList> {
    await this.options.library.get(runbookId);
    return { items: await this.options.store.listForRunbook(runbookId) };
  }

  async testedSince(since: string): Promise<RunbooksTestedReport> {
    const [items, { items: runbooks }] = await Promise.all([
      this.options.store.listSince(since),
      this.options.library.list(),
    ]);
    // `lastTested` is already the latest recorded test, or the frontmatter's without one.
    const untested = runbooks
      .filter(runbook => !runbook.lastTested || runbook.lastTested.date < since)
      .map(runbook => runbook.id)
      .sort();
    return { since, items, untested };
  }
}
