import type { Entity } from '@backstage/catalog-model';

// Apart from the tab's component so that the plugin's entry (loaded at app boot) does not pull in
// the tab.

/** The tab is shown on Components: services are what the pipeline deploys. */
export function isDeploymentsAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}
