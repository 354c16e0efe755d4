import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { parse as parseHcl } from '@cdktf/hcl2json';
import type { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_FILTER,
} from '@sparki/scaffolder-sparki-common';
import {
  EnvironmentLifecycle,
  FORGE_ANNOTATIONS,
  ForgeChangeSummary,
  forgeChangePath,
  forgeLocationRef,
} from '@sparki/sparki-forge-common';
import { parseAllDocuments } from 'yaml';

/** An environment's entities as one state of the repository has them. */
export interface ForgeEnvironment {
  name: string;
  lifecycle: EnvironmentLifecycle;
  entities: Entity[];
}

/** Why an environment's root could not be turned into entities (it is then left out). */
export interface RootProblem {
  name: string;
  revision: string;
  message: string;
}

/** Where an environment is read from and which lifecycle that gives it. */
interface RootSource {
  name: string;
  lifecycle: EnvironmentLifecycle;
  /** Commit the root is read from. */
  commit: string;
  /** Shown in the location annotations: `main`, the change's branch, or the last commit. */
  revisionLabel: string;
  change?: ForgeChangeSummary;
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/**
 * Reads the environments of the local forge, each with its lifecycle:
 * - a root on main is `active`, or `decommission-requested` while an open change deletes it;
 * - an open change creating a root that main does not have is `proposed`;
 * - a root main had and deleted is `retired` (read from the last commit that had it), unless
 *   it was proposed again.
 * A change merged with `git merge` counts as merged: the state is main's, not the records'.
 */
export async function readForgeEntities(
  forge: LocalForge,
  options: { appBaseUrl: string },
): Promise<{ environments: ForgeEnvironment[]; problems: RootProblem[] }> {
  const main = await forge.mainCommit();
  const changes = await forge.listChanges();
  const openChanges = changes.filter(change => change.state === 'open');
  const changeDoing = (name: string, kind: string) =>
    // Oldest first: a second proposal of the same root does not hide the first.
    [...openChanges]
      .reverse()
      .find(change =>
        change.environments.some(e => e.name === name && e.kind === kind),
      );

  const sources = new Map<string, RootSource>();
  for (const name of rootNames(await forge.listFiles(main, 'environments'))) {
    const decommission = changeDoing(name, 'decommission');
    sources.set(name, {
      name,
      lifecycle: decommission ? 'decommission-requested' : 'active',
      commit: main,
      revisionLabel: 'main',
      change: decommission,
    });
  }
  for (const change of [...openChanges].reverse()) {
    for (const { name, kind } of change.environments) {
      if (kind !== 'create' || sources.has(name)) continue;
      sources.set(name, {
        name,
        lifecycle: 'proposed',
        commit: change.headCommit,
        revisionLabel: change.branch,
        change,
      });
    }
  }
  for (const removed of await forge.removedRoots()) {
    if (sources.has(removed.name)) continue;
    sources.set(removed.name, {
      name: removed.name,
      lifecycle: 'retired',
      commit: removed.lastCommit,
      revisionLabel: removed.lastCommit,
    });
  }

  const environments: ForgeEnvironment[] = [];
  const problems: RootProblem[] = [];
  for (const source of sources.values()) {
    try {
      environments.push({
        name: source.name,
        lifecycle: source.lifecycle,
        entities: await readRoot(forge, source, options.appBaseUrl),
      });
    } catch (error) {
      problems.push({
        name: source.name,
        revision: source.revisionLabel,
        message: (error as Error).message,
      });
    }
  }
  return { environments, problems };
}

/** Environment names of the roots among repository paths (`environments/<name>/catalog-info.yaml`). */
function rootNames(paths: string[]): string[] {
  return paths.flatMap(filePath => {
    const match = /^environments\/([^/]+)\/catalog-info\.yaml$/.exec(filePath);
    return match ? [match[1]] : [];
  });
}

/**
 * The root's catalog-info.yaml (its environment and cluster Resources) plus a Resource per data
 * store its tfvars enable, all annotated with the lifecycle and where they were read.
 */
async function readRoot(
  forge: LocalForge,
  source: RootSource,
  appBaseUrl: string,
): Promise<Entity[]> {
  const { name, commit } = source;
  if (!ENVIRONMENT_NAME.test(name)) {
    throw new Error(`"${name}" is not an environment name`);
  }
  const catalogInfoPath = `environments/${name}/catalog-info.yaml`;
  const declared = parseCatalogInfo(
    await forge.readFile(commit, catalogInfoPath),
    name,
  );
  const tfvarsPath = `environments/${name}/${name}.tfvars`;
  const tfvars = (await parseHcl(
    tfvarsPath,
    await forge.readFile(commit, tfvarsPath),
  )) as Record<string, unknown>;
  const environment = declared.find(
    entity =>
      entity.metadata.name === name &&
      entity.spec?.type === ENVIRONMENT_FILTER['spec.type'],
  );
  if (!environment) {
    throw new Error(
      `${catalogInfoPath} declares no Resource "${name}" of type environment`,
    );
  }
  // The CIDR check of new environments reads this annotation: set from the Terraform values,
  // so a proposed environment blocks its range even when catalog-info.yaml lacks it.
  const annotationsFromTfvars: Record<string, string> = {};
  for (const [annotation, variable] of [
    [ENVIRONMENT_ANNOTATIONS.vpcCidr, 'vpc_cidr'],
    [ENVIRONMENT_ANNOTATIONS.region, 'aws_region'],
    [ENVIRONMENT_ANNOTATIONS.accountId, 'aws_account_id'],
    [ENVIRONMENT_ANNOTATIONS.tier, 'tier'],
  ] as const) {
    if (typeof tfvars[variable] === 'string') {
      annotationsFromTfvars[annotation] = tfvars[variable];
    }
  }
  if (!annotationsFromTfvars[ENVIRONMENT_ANNOTATIONS.vpcCidr]) {
    throw new Error(`${tfvarsPath} has no vpc_cidr`);
  }
  environment.metadata.annotations = {
    ...environment.metadata.annotations,
    ...annotationsFromTfvars,
  };

  const entities = [...declared, ...dataStores(environment, tfvars)];
  const location = forgeLocationRef(source.revisionLabel, catalogInfoPath);
  for (const entity of entities) {
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
  }
  return entities;
}

/** The Resources of catalog-info.yaml; anything else in it is refused (the file is reviewed, not trusted). */
function parseCatalogInfo(content: string, name: string): Entity[] {
  const entities: Entity[] = [];
  for (const document of parseAllDocuments(content)) {
    if (document.errors.length > 0) {
      throw new Error(
        `catalog-info.yaml of ${name} is not valid YAML: ${document.errors[0].message}`,
      );
    }
    const entity = document.toJS() as Entity | null;
    if (entity === null) continue;
    if (
      entity?.apiVersion !== 'backstage.io/v1alpha1' ||
      entity.kind !== 'Resource' ||
      typeof entity.metadata?.name !== 'string' ||
      (entity.metadata.namespace ?? 'default') !== 'default'
    ) {
      throw new Error(
        `catalog-info.yaml of ${name} may only declare Resources (backstage.io/v1alpha1) in the default namespace`,
      );
    }
    entities.push(entity);
  }
  return entities;
}

/** A Resource per data store the root enables, as examples/catalog/resources.yaml models them. */
function dataStores(
  environment: Entity,
  tfvars: Record<string, unknown>,
): Entity[] {
  const name = environment.metadata.name;
  const annotations = environment.metadata.annotations ?? {};
  const account = annotations[ENVIRONMENT_ANNOTATIONS.accountId];
  const region = annotations[ENVIRONMENT_ANNOTATIONS.region];
  const tier = annotations[ENVIRONMENT_ANNOTATIONS.tier];
  const stores = [
    {
      enabled: tfvars.enable_database === true,
      suffix: 'db',
      type: 'database',
      title: `RDS PostgreSQL (${name})`,
      // The database module names the instance after the environment.
      arn: `arn:aws:rds:${region}:${account}:db:${name}`,
      tags: ['rds', 'postgresql'],
    },
    {
      enabled: tfvars.enable_redis === true,
      suffix: 'redis',
      type: 'cache',
      title: `ElastiCache Redis (${name})`,
      arn: `arn:aws:elasticache:${region}:${account}:replicationgroup:${name}`,
      tags: ['redis', 'elasticache'],
    },
  ];
  return stores
    .filter(store => store.enabled)
    .map(store => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `${name}-${store.suffix}`,
        title: store.title,
        description: `${store.title} of environment ${name}.`,
        annotations: {
          ...(account && { [ENVIRONMENT_ANNOTATIONS.accountId]: account }),
          ...(region && account && { 'amazonaws.com/arn': store.arn }),
        },
        tags: [...store.tags, ...(tier ? [tier] : [])],
      },
      spec: {
        type: store.type,
        owner: environment.spec?.owner,
        system: environment.spec?.system,
        dependsOn: [`resource:default/${name}`],
      },
    }));
}
