import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import { readForgeEntities } from './readForgeEntities';
import { readForgeServices } from './readForgeServices';

const PROVIDER_NAME = 'sparki-forge';

/**
 * Keeps the catalog in step with the local forge: every refresh replaces everything this
 * provider emitted with the environments and services the repository has now (a full mutation).
 */
export class ForgeEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  // Schedule and events may both ask: one refresh at a time, so an older read never lands last.
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      forge: LocalForge;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    // The schedule's first run comes before the catalog connects (a no-op): read now, so the
    // seeded environments do not wait for the next run. Not awaited: the catalog starts meanwhile.
    this.refresh().catch(error =>
      this.options.logger.error(
        `Could not read the local forge for the catalog: ${error}`,
      ),
    );
  }

  /** Reads the repository and replaces the provider's entities; a no-op before the catalog connects. */
  refresh(): Promise<void> {
    const run = this.refreshing.then(() => this.readAndApply());
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private async readAndApply(): Promise<void> {
    if (!this.connection) return;
    const { forge, appBaseUrl, logger } = this.options;
    const { environments, problems } = await readForgeEntities(forge, {
      appBaseUrl,
    });
    for (const problem of problems) {
      logger.warn(
        `Environment ${problem.name} on ${problem.revision} of the local forge is left out of the catalog: ${problem.message}`,
      );
    }
    const services = await readForgeServices(forge, { appBaseUrl });
    for (const problem of services.problems) {
      logger.warn(
        `Service ${problem.name} on ${problem.revision} of the local forge is left out of the catalog: ${problem.message}`,
      );
    }
    await this.connection.applyMutation({
      type: 'full',
      entities: [
        ...environments.flatMap(environment =>
          environment.entities.map(entity => ({
            entity,
            locationKey: `${PROVIDER_NAME}:${environment.name}`,
          })),
        ),
        // Environment names have no `/`: the keys of services cannot collide with theirs.
        ...services.services.map(service => ({
          entity: service.entity,
          locationKey: `${PROVIDER_NAME}:services/${service.name}`,
        })),
      ],
    });
  }
}
