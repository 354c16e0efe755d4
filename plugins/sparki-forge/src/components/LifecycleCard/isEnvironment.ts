import type { Entity } from '@backstage/catalog-model';

// Apart from the card's component so that the plugin's entry (loaded at app boot) does not pull
// in the card.

/** Environment Resources get the card; the forge's provider is not the only source of them. */
export function isEnvironment(entity: Entity): boolean {
  return entity.kind === 'Resource' && entity.spec?.type === 'environment';
}
