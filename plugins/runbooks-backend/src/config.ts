import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import path from 'node:path';
import { RunbookLocation } from './service/RunbookLocations';

export interface RunbooksConfig {
  directory: string;
  staleAfterDays: number;
  locations: RunbookLocation[];
  refresh: SchedulerServiceTaskScheduleDefinition;
}

const defaultRefresh: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 5 },
};

/** `runbooks.*` of the app config; anything invalid stops the backend at startup, naming the key. */
export function readRunbooksConfig(config: RootConfigService): RunbooksConfig {
  const directory = path.resolve(
    config.getOptionalString('runbooks.directory') ?? 'runbooks',
  );
  const staleAfterDays =
    config.getOptionalNumber('runbooks.staleAfterDays') ?? 180;
  if (!Number.isInteger(staleAfterDays) || staleAfterDays < 1) {
    throw new Error(
      `runbooks.staleAfterDays must be a whole number of days of at least 1, got ${staleAfterDays}`,
    );
  }
  const locations = (
    config.getOptionalConfigArray('runbooks.locations') ?? []
  ).map((location, index): RunbookLocation => {
    const key = `runbooks.locations[${index}]`;
    const type = location.getString('type');
    if (type !== 'url') {
      throw new Error(`${key}.type must be url, got "${type}"`);
    }
    const target = location.getString('target');
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new Error(`${key}.target must be an absolute URL, got "${target}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`${key}.target must be an http(s) URL, got "${target}"`);
    }
    return { type, target };
  });
  const targets = locations.map(location => location.target);
  const repeated = targets.find((t, i) => targets.indexOf(t) !== i);
  if (repeated) {
    throw new Error(`runbooks.locations lists ${repeated} twice`);
  }
  const refresh = config.has('runbooks.refresh')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('runbooks.refresh'),
      )
    : defaultRefresh;
  return { directory, staleAfterDays, locations, refresh };
}
