import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import {
  EnvironmentLifecycle,
  FORGE_ANNOTATIONS,
  ForgeChangeSummary,
  forgeChangePath,
  forgeLocationRef,
} from '@sparki/sparki-forge-common';
import { parseAllDocuments } from 'yaml';

/** A service's Component as one state of the repository has it. */
export interface ForgeService {
  name: string;
  lifecycle: Exclude<EnvironmentLifecycle, 'retired'>;
  entity: Entity;
}

/** Why a service's catalog-info.yaml could not be turned into an entity (it is then left out). */
export interface ServiceProblem {
  name: string;
  revision: string;
  message: string;
}

// What the sparki-service template accepts as a name (a DNS label).
const SERVICE_NAME = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
const CATALOG_INFO = /^services\/([^/]+)\/catalog-info\.yaml$/;

/**
 * Reads the services of the local forge (`services/<name>/catalog-info.yaml`, as the
 * sparki-service template lands them):
 * - on main: `active`, or `decommission-requested` while an open change deletes the file;
 * - added by an open change, not on main: `proposed` (read from the change's head).
 */
export async function readForgeServices(
  forge: LocalForge,
  options: { appBaseUrl: string },
): Promise<{ services: ForgeService[]; problems: ServiceProblem[] }> {
  const main = await forge.mainCommit();
  const onMain = serviceNames(await forge.listFiles(main, 'services'));
  // Oldest first: a second proposal of the same service does not hide the first.
  const openChanges = (await forge.listChanges())
    .filter(change => change.state === 'open')
    .reverse();

  const sources = new Map<string, ServiceSource>();
  for (const name of onMain) {
    sources.set(name, {
      name,
      lifecycle: 'active',
      commit: main,
      revisionLabel: 'main',
    });
  }
  for (const change of openChanges) {
    const onBranch = new Set(
      serviceNames(await forge.listFiles(change.headCommit, 'services')),
    );
    for (const name of onMain) {
      const source = sources.get(name)!;
      if (!onBranch.has(name) && !source.change) {
        sources.set(name, {
          ...source,
          lifecycle: 'decommission-requested',
          change,
        });
      }
    }
    for (const name of onBranch) {
      if (sources.has(name)) continue;
      sources.set(name, {
        name,
        lifecycle: 'proposed',
        commit: change.headCommit,
        revisionLabel: change.branch,
        change,
      });
    }
  }

  const services: ForgeService[] = [];
  const problems: ServiceProblem[] = [];
  for (const source of sources.values()) {
    try {
      services.push({
        name: source.name,
        lifecycle: source.lifecycle,
        entity: await readService(forge, source, options.appBaseUrl),
      });
    } catch (error) {
      problems.push({
        name: source.name,
        revision: source.revisionLabel,
        message: (error as Error).message,
      });
    }
  }
  return { services, problems };
}

interface ServiceSource {
  name: string;
  lifecycle: ForgeService['lifecycle'];
  commit: string;
  revisionLabel: string;
  change?: ForgeChangeSummary;
}

function serviceNames(paths: string[]): string[] {
  return paths.flatMap(filePath => {
    const match = CATALOG_INFO.exec(filePath);
    return match ? [match[1]] : [];
  });
}

async function readService(
  forge: LocalForge,
  source: ServiceSource,
  appBaseUrl: string,
): Promise<Entity> {
  const { name } = source;
  if (!SERVICE_NAME.test(name)) {
    throw new Error(`"${name}" is not a service name`);
  }
  const filePath = `services/${name}/catalog-info.yaml`;
  const entity = parseServiceCatalogInfo(
    await forge.readFile(source.commit, filePath),
    name,
  );
  const location = forgeLocationRef(source.revisionLabel, filePath);
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [FORGE_ANNOTATIONS.lifecycle]: source.lifecycle,
    ...(source.change && { [FORGE_ANNOTATIONS.change]: source.change.id }),
  };
  if (source.change) {
    entity.metadata.links = [
      ...(entity.metadata.links ?? []),
      {
        url: `${appBaseUrl}${forgeChangePath(source.change.id)}`,
        title: `Change ${source.change.id}: ${source.change.title}`,
      },
    ];
  }
  return entity;
}

/**
 * The one Component of a service's catalog-info.yaml. The file comes from a change anybody
 * can propose: only a Component named after its directory, in the default namespace, owned by
 * a Group and part of a System, depending on Resources only, gets in.
 */
function parseServiceCatalogInfo(content: string, name: string): Entity {
  const documents = parseAllDocuments(content);
  const refuse = (reason: string) =>
    new Error(`catalog-info.yaml of service ${name} ${reason}`);
  if (documents.length !== 1) {
    throw refuse('must hold exactly one document');
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw refuse(`is not valid YAML: ${document.errors[0].message}`);
  }
  const entity = document.toJS() as Entity | null;
  if (
    entity?.apiVersion !== 'backstage.io/v1alpha1' ||
    entity.kind !== 'Component' ||
    (entity.metadata?.namespace ?? 'default') !== 'default'
  ) {
    throw refuse(
      'may only declare a Component (backstage.io/v1alpha1) in the default namespace',
    );
  }
  if (entity.metadata.name !== name) {
    throw refuse(`must name its Component "${name}", after its directory`);
  }
  checkRef(entity.spec?.owner, 'group', 'spec.owner', refuse);
  checkRef(entity.spec?.system, 'system', 'spec.system', refuse);
  const dependsOn = entity.spec?.dependsOn ?? [];
  if (!Array.isArray(dependsOn))
    throw refuse('has a spec.dependsOn not a list');
  dependsOn.forEach(ref => checkRef(ref, 'resource', 'spec.dependsOn', refuse));
  return entity;
}

function checkRef(
  ref: unknown,
  kind: string,
  field: string,
  refuse: (reason: string) => Error,
) {
  let parsed;
  try {
    parsed =
      typeof ref === 'string'
        ? parseEntityRef(ref, { defaultKind: kind })
        : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.kind.toLocaleLowerCase('en-US') !== kind) {
    throw refuse(
      `has ${field} ${JSON.stringify(ref)}: it must reference a ${kind}`,
    );
  }
}
