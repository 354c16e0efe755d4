import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** How often the runbooks are re-indexed. Default: every 10 minutes. */
      runbooks?: {
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
