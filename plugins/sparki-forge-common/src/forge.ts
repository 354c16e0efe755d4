/** A change record of the local forge: a branch off main plus what a pull request says about it. */
export interface ForgeChange {
  id: string;
  branch: string;
  title: string;
  body: string;
  author: string;
  createdAt: string;
  state: 'open' | 'merged';
  /** The main commit the branch was cut from. */
  baseCommit: string;
  headCommit: string;
  mergedAt?: string;
  mergeCommit?: string;
  /** Who merged it through the portal; absent when it was merged with `git merge`. */
  mergedBy?: string;
}

/** What a change does to an environment's root (`environments/<name>/`). */
export type EnvironmentChangeKind = 'create' | 'update' | 'decommission';

/**
 * A change as the portal shows it. `state` is read from the repository: a change whose head is
 * on main counts as merged even when it was merged by hand, outside the portal.
 */
export interface ForgeChangeSummary extends ForgeChange {
  environments: Array<{ name: string; kind: EnvironmentChangeKind }>;
}

export interface ForgeChangeDetail extends ForgeChangeSummary {
  /** Unified diff against the main commit the change was cut from. */
  diff: string;
}

/** proposed → active → (decommission-requested) → retired */
export type EnvironmentLifecycle =
  | 'proposed'
  | 'active'
  | 'decommission-requested'
  | 'retired';

export const ENVIRONMENT_LIFECYCLES: readonly EnvironmentLifecycle[] = [
  'proposed',
  'active',
  'decommission-requested',
  'retired',
];

/** Annotations the forge's entity provider sets on the entities it emits. */
export const FORGE_ANNOTATIONS = {
  lifecycle: 'sparki.io/lifecycle',
  /** Id of the open change behind `proposed` or `decommission-requested`. */
  change: 'sparki.io/forge-change',
} as const;

/**
 * Location type of the entities read from the local forge, e.g.
 * `sparki-forge:main:environments/payments-dev/catalog-info.yaml`. No catalog processor reads
 * this type, so only the forge's entity provider can give an entity such a location.
 */
export const FORGE_LOCATION_TYPE = 'sparki-forge';

/** Location reference of a file on a ref of the local forge. */
export function forgeLocationRef(ref: string, filePath: string): string {
  return `${FORGE_LOCATION_TYPE}:${ref}:${filePath}`;
}

/** Path of the portal's page of a change (under app.baseUrl). */
export function forgeChangePath(id: string): string {
  return `/sparki-forge/changes/${encodeURIComponent(id)}`;
}

/**
 * Events service topic published after a change is proposed or merged: the entity provider
 * refreshes right away instead of waiting for its schedule.
 */
export const FORGE_EVENTS_TOPIC = 'sparki.forge.changes';
