import type { Entity } from '@backstage/catalog-model';
import { RUNBOOKS_ANNOTATION } from '@sparki/runbooks-common';

// Apart from the tab's component so that the plugin's entry (loaded at app boot) does not pull in
// the tab.

/** Kinds that runbooks apply to; any entity with the annotation gets the tab too. */
const kindsWithRunbooks = ['component', 'resource', 'system', 'api'];

export function isRunbooksAvailable(entity: Entity): boolean {
  return (
    Boolean(entity.metadata.annotations?.[RUNBOOKS_ANNOTATION]) ||
    kindsWithRunbooks.includes(entity.kind.toLocaleLowerCase('en-US'))
  );
}
