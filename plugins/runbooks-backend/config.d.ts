export interface Config {
  runbooks?: {
    /**
     * Directory of the runbook markdown files (`<id>.md`), relative to the backend's working
     * directory. Default: `runbooks`.
     */
    directory?: string;
    /**
     * A runbook whose `last_reviewed` or `last_tested.date` is older than this many days (or that
     * was never tested) is flagged stale. Default: 180.
     */
    staleAfterDays?: number;
  };
}
