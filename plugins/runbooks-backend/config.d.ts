import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
    /**
     * More runbooks, read with the backend's UrlReader (so the host needs an integration or a
     * `backend.reading.allow` entry): a target ending in `.md` is one file, any other target a
     * directory whose top-level `<id>.md` files are runbooks. Validated like the directory's.
     */
    locations?: Array<{
      type: 'url';
      target: string;
    }>;
    /** How often the locations are read again (with their ETags). Default: every 30 minutes. */
    refresh?: SchedulerServiceTaskScheduleDefinitionConfig;
  };
}
