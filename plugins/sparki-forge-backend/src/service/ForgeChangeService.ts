import { LoggerService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import type { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import {
  FORGE_EVENTS_TOPIC,
  ForgeChangeDetail,
  ForgeChangeSummary,
} from '@sparki/sparki-forge-common';

/** Reads and merges the changes of the local forge; `forge` is undefined when it is disabled. */
export class ForgeChangeService {
  constructor(
    private readonly options: {
      forge?: LocalForge;
      events: EventsService;
      logger: LoggerService;
    },
  ) {}

  async list(filter: { environment?: string }): Promise<ForgeChangeSummary[]> {
    const changes = await this.forge().listChanges();
    const { environment } = filter;
    return environment
      ? changes.filter(change =>
          change.environments.some(e => e.name === environment),
        )
      : changes;
  }

  async get(id: string): Promise<ForgeChangeDetail> {
    const forge = this.forge();
    const summary = await forge.getChangeSummary(id);
    return { ...summary, diff: await forge.diff(id) };
  }

  /** Merges into main; whoever proposed a change cannot merge it (no self-approval). */
  async merge(id: string, userRef: string): Promise<ForgeChangeSummary> {
    const forge = this.forge();
    const change = await forge.getChange(id);
    if (change.author === userRef) {
      throw new NotAllowedError(
        `You proposed change ${id}: someone else from the platform team merges it`,
      );
    }
    await forge.merge(id, userRef);
    // The catalog also catches up on its schedule: a lost event only delays it.
    try {
      await this.options.events.publish({
        topic: FORGE_EVENTS_TOPIC,
        eventPayload: { changeId: id, action: 'merge' },
      });
    } catch (error) {
      this.options.logger.warn(`Could not announce merge of ${id}: ${error}`);
    }
    return forge.getChangeSummary(id);
  }

  private forge(): LocalForge {
    if (!this.options.forge) {
      // Production proposes pull requests on GitHub: there is nothing to merge here.
      throw new NotFoundError(
        'The local forge is disabled (sparki.environments.localForge): changes are pull requests on the infrastructure repository',
      );
    }
    return this.options.forge;
  }
}
