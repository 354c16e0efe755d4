import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ENVIRONMENT_FILTER } from '@sparki/scaffolder-sparki-common';
import { forgeLocationRef } from '@sparki/sparki-forge-common';
import {
  EnvironmentsConfig,
  infrastructureTreeUrl,
  infrastructureViewPrefix,
} from '../config';
import { ENVIRONMENT_NAME_PATTERN } from './validateEnvironment';

/** Where the root of a registered environment is read from and written back to. */
export interface EnvironmentRoot {
  name: string;
  /** Directory of the root in the infrastructure repository (and in the workspace). */
  targetPath: string;
  /** The directory on the infrastructure repository's default branch, for fetch:plain (GitHub, GitLab). */
  sourceUrl?: string;
}

const LOCATION_ANNOTATIONS = [
  { annotation: ANNOTATION_LOCATION, what: 'location' },
  { annotation: ANNOTATION_ORIGIN_LOCATION, what: 'origin location' },
];

/**
 * Anyone may register an entity that looks like an environment, so an environment's own
 * annotations (source-location included) never say where its root is: the root is always
 * `environments/<name>` on the infrastructure repository's default branch, and only an entity
 * the catalog read from there (both the file and the location that registered it) is accepted.
 */
export function checkEnvironmentProvenance(
  entity: Entity,
  config: EnvironmentsConfig,
): { root?: EnvironmentRoot; problems: string[] } {
  const problems: string[] = [];
  const type = entity.spec?.type;
  if (type !== ENVIRONMENT_FILTER['spec.type']) {
    problems.push(
      `it is a ${entity.kind} of type ${String(type)}, not an environment`,
    );
  }
  const name = entity.metadata.name;
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    problems.push(
      `its name "${name}" is not an environment name (3-32 lowercase letters, digits or dashes)`,
    );
  }
  const targetPath = `environments/${name}`;
  if (config.localForge) {
    // Only the local forge's entity provider gives an entity a sparki-forge location, and only
    // for a root on main (a proposed environment is on its change's branch).
    const expected = forgeLocationRef(
      'main',
      `${targetPath}/catalog-info.yaml`,
    );
    for (const { annotation, what } of LOCATION_ANNOTATIONS) {
      const location = entity.metadata.annotations?.[annotation];
      if (location !== expected) {
        problems.push(
          `its ${what} (${annotation}) is ${
            location ?? 'missing'
          }, not ${expected}: only environments on main of the local infrastructure repository can be updated`,
        );
      }
    }
    return problems.length > 0
      ? { problems }
      : { root: { name, targetPath }, problems };
  }
  const allowedPrefix = infrastructureViewPrefix(config, 'blob');
  for (const { annotation, what } of LOCATION_ANNOTATIONS) {
    const location = entity.metadata.annotations?.[annotation];
    if (!location) {
      problems.push(`it has no ${annotation} annotation`);
    } else if (!isInInfrastructureRepo(location, config)) {
      problems.push(
        `its ${what} (${annotation}) ${location} is not in the infrastructure repository: only environments registered from ${allowedPrefix} can be updated`,
      );
    }
  }
  if (problems.length > 0) return { problems };
  return {
    root: {
      name,
      targetPath,
      sourceUrl: infrastructureTreeUrl(config, targetPath),
    },
    problems,
  };
}

/** A url location on the default branch of the infrastructure repository (dot segments resolved). */
function isInInfrastructureRepo(
  location: string,
  config: EnvironmentsConfig,
): boolean {
  let target: URL;
  try {
    const { type, target: url } = parseLocationRef(location);
    if (type !== 'url') return false;
    target = new URL(url);
  } catch {
    return false;
  }
  return (['blob', 'tree'] as const).some(view => {
    const prefix = new URL(infrastructureViewPrefix(config, view));
    return (
      target.protocol === prefix.protocol &&
      target.host === prefix.host &&
      target.username === '' &&
      target.password === '' &&
      target.pathname.startsWith(prefix.pathname)
    );
  });
}
