import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENVIRONMENT_ANNOTATIONS as ANNOTATIONS,
  ENVIRONMENT_FILTER,
} from '@sparki/scaffolder-sparki-common';
import { checkOwner } from '../environment/validateEnvironment';
import { Tier, TIERS } from '../environment/tiers';

/**
 * A DNS label short enough for every Kubernetes name derived from it (`<name>-green`,
 * `<name>-allow-ingress`...) to stay within 63 characters.
 */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
/** An absolute URL path of unreserved characters: nothing a shell, YAML or HTTP reads specially. */
export const HEALTH_PATH_PATTERN = /^\/[A-Za-z0-9._~/-]{0,127}$/;
/** Unprivileged ports: the container runs as non-root with every capability dropped. */
export const MIN_CONTAINER_PORT = 1024;
export const MAX_CONTAINER_PORT = 65535;

export interface ServiceRequest {
  name: string;
  owner: string;
  system: string;
  environments: string[];
  port: number;
  healthPath: string;
}

/** An environment the service deploys to, as read from its catalog entity. */
export interface DeployTarget {
  tier: Tier;
  name: string;
  entityRef: string;
  /** The EKS cluster; the environment template names it after the environment. */
  cluster: string;
  region: string;
  accountId: string;
}

export interface ServicePlan {
  ownerRef?: string;
  systemRef?: string;
  /** One per tier, in pipeline order (dev, staging, prod). */
  targets: DeployTarget[];
  /** Every reason the request is refused; empty when it may proceed. */
  problems: string[];
}

/**
 * Checks a new service request against the catalog: the name is a free DNS label, the owner a
 * group and the system a System of the catalog, and the environments are registered Sparki
 * environments, exactly one per tier, since the pipeline deploys dev, then staging, then prod.
 */
export async function planService(
  request: ServiceRequest,
  deps: { catalog: CatalogService; credentials: BackstageCredentials },
): Promise<ServicePlan> {
  const { catalog, credentials } = deps;
  const problems: string[] = [];

  if (!SERVICE_NAME_PATTERN.test(request.name)) {
    problems.push(
      `name ${JSON.stringify(
        request.name,
      )} must be a DNS label of 3-40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash`,
    );
  } else {
    const ref = `component:default/${request.name}`;
    if (await catalog.getEntityByRef(ref, { credentials })) {
      problems.push(
        `name ${JSON.stringify(
          request.name,
        )} is taken: the catalog already has ${ref}`,
      );
    }
  }

  let ownerRef: string | undefined;
  if (!/^group:/i.test(request.owner)) {
    problems.push(
      `owner ${JSON.stringify(
        request.owner,
      )} must be the entity reference of a group (group:<namespace>/<name>)`,
    );
  } else {
    const owner = await checkOwner(request.owner, catalog, credentials);
    if ('problem' in owner) problems.push(owner.problem);
    else ownerRef = owner.ref;
  }

  const system = await checkSystem(request.system, catalog, credentials);
  if ('problem' in system) problems.push(system.problem);

  const targets = await checkEnvironments(
    request.environments,
    catalog,
    credentials,
  );
  problems.push(...targets.problems);

  if (
    !Number.isInteger(request.port) ||
    request.port < MIN_CONTAINER_PORT ||
    request.port > MAX_CONTAINER_PORT
  ) {
    problems.push(
      `container port ${JSON.stringify(
        request.port,
      )} must be a whole number from ${MIN_CONTAINER_PORT} to ${MAX_CONTAINER_PORT}: the container runs as non-root without capabilities, so it cannot bind a privileged port`,
    );
  }
  if (
    !HEALTH_PATH_PATTERN.test(request.healthPath) ||
    request.healthPath.split('/').some(segment => /^\.\.?$/.test(segment))
  ) {
    problems.push(
      `health path ${JSON.stringify(
        request.healthPath,
      )} must be an absolute URL path of letters, digits and . _ ~ / - (at most 128 characters, no . or .. segments), e.g. /healthz`,
    );
  }

  return {
    ownerRef,
    systemRef: 'ref' in system ? system.ref : undefined,
    targets: targets.targets,
    problems,
  };
}

/** The entity reference of a System of the catalog, every part well-formed. */
async function checkSystem(
  system: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ ref: string } | { problem: string }> {
  const quoted = JSON.stringify(system);
  const ref = parseRef(system, 'system');
  if (!ref || ref.kind.toLocaleLowerCase('en-US') !== 'system') {
    return {
      problem: `system ${quoted} must be the entity reference of a system (system:<namespace>/<name>)`,
    };
  }
  const normalised = stringifyEntityRef(ref);
  if (!(await catalog.getEntityByRef(normalised, { credentials }))) {
    return { problem: `system ${quoted} is not in the catalog` };
  }
  return { ref: normalised };
}

async function checkEnvironments(
  environments: string[],
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ targets: DeployTarget[]; problems: string[] }> {
  const problems: string[] = [];
  const byTier = new Map<Tier, DeployTarget[]>();
  for (const environment of environments) {
    const quoted = JSON.stringify(environment);
    const ref = parseRef(environment, 'resource');
    if (!ref || ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
      problems.push(
        `environment ${quoted} must be the entity reference of a Sparki environment (resource:<namespace>/<name>)`,
      );
      continue;
    }
    const entityRef = stringifyEntityRef(ref);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      problems.push(`environment ${quoted} is not in the catalog`);
      continue;
    }
    const target = deployTargetOf(entity);
    if ('problem' in target) {
      problems.push(`environment ${quoted} ${target.problem}`);
      continue;
    }
    byTier.set(target.tier, [...(byTier.get(target.tier) ?? []), target]);
  }
  const targets: DeployTarget[] = [];
  for (const tier of TIERS) {
    const candidates = byTier.get(tier) ?? [];
    if (candidates.length === 1) {
      targets.push(candidates[0]);
    } else if (candidates.length > 1) {
      problems.push(
        `environments: pick one ${tier} environment, not ${candidates
          .map(candidate => candidate.entityRef)
          .join(' and ')}`,
      );
    } else {
      problems.push(
        `environments: pick one ${tier} environment: the pipeline deploys to dev, then staging, then prod`,
      );
    }
  }
  return { targets, problems };
}

/** What the pipeline needs of an environment Resource, or why it is not one. */
function deployTargetOf(entity: Entity): DeployTarget | { problem: string } {
  const annotations = entity.metadata.annotations ?? {};
  if (
    entity.kind !== ENVIRONMENT_FILTER.kind ||
    entity.spec?.type !== ENVIRONMENT_FILTER['spec.type']
  ) {
    return {
      problem: 'is not a Sparki environment (Resource of type environment)',
    };
  }
  const tier = annotations[ANNOTATIONS.tier] as Tier;
  if (!TIERS.includes(tier)) {
    return {
      problem: `has no tier (annotation ${
        ANNOTATIONS.tier
      } must be one of ${TIERS.join(', ')})`,
    };
  }
  const region = annotations[ANNOTATIONS.region] ?? '';
  const accountId = annotations[ANNOTATIONS.accountId] ?? '';
  // These end up in the workflow and in ARNs: only well-formed values are taken.
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    return {
      problem: `has no valid region (annotation ${ANNOTATIONS.region})`,
    };
  }
  if (!/^\d{12}$/.test(accountId)) {
    return {
      problem: `has no valid AWS account (annotation ${ANNOTATIONS.accountId})`,
    };
  }
  return {
    tier,
    name: entity.metadata.name,
    entityRef: stringifyEntityRef(entity),
    cluster: entity.metadata.name,
    region,
    accountId,
  };
}

/** A reference whose namespace and name are valid entity names, or undefined. */
function parseRef(
  value: string,
  defaultKind: string,
): CompoundEntityRef | undefined {
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return KubernetesValidatorFunctions.isValidNamespace(ref.namespace) &&
      KubernetesValidatorFunctions.isValidObjectName(ref.name)
      ? ref
      : undefined;
  } catch {
    return undefined;
  }
}
