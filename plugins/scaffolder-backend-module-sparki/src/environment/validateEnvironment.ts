import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EnvironmentsConfig } from '../config';
import {
  ENVIRONMENT_ANNOTATIONS as ANNOTATIONS,
  ENVIRONMENT_FILTER,
  Ipv4Network,
  isPrivate,
  overlaps,
  parseCidr,
} from '@sparki/scaffolder-sparki-common';
import { FORGE_ANNOTATIONS } from '@sparki/sparki-forge-common';
import {
  checkTierGuardrails,
  EnvironmentSettings,
  resolveSettings,
  SettingsOverrides,
  Tier,
} from './tiers';

export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

export interface EnvironmentRequest {
  name: string;
  tier: Tier;
  accountId: string;
  region: string;
  vpcCidr: string;
  /** Entity reference of the owning group or user. */
  owner: string;
  overrides?: SettingsOverrides;
}

export interface EnvironmentPlan {
  settings: EnvironmentSettings;
  /** Catalog entity of the cluster the environment's catalog-info.yaml declares. */
  clusterEntityName: string;
  /** The aws-account Resource of the account, when the catalog has one. */
  accountEntityRef?: string;
  /** The owner, normalised to kind:namespace/name. */
  ownerRef?: string;
  /** Every reason the request is refused; empty when it may proceed. */
  problems: string[];
}

export function clusterEntityNameOf(environmentName: string): string {
  return `${environmentName}-eks`;
}

/**
 * Checks a new environment request against the configuration and the catalog: the name is free,
 * the CIDR is well-formed and overlaps no registered environment, the account and region are
 * allowed, and the tier's guardrails hold.
 */
export async function planEnvironment(
  request: EnvironmentRequest,
  deps: {
    catalog: CatalogService;
    credentials: BackstageCredentials;
    config: EnvironmentsConfig;
  },
): Promise<EnvironmentPlan> {
  const { catalog, credentials, config } = deps;
  const problems: string[] = [];
  const clusterEntityName = clusterEntityNameOf(request.name);

  if (!ENVIRONMENT_NAME_PATTERN.test(request.name)) {
    problems.push(
      `name "${request.name}" must be 3-32 lowercase letters, digits or dashes, starting with a letter and not ending with a dash`,
    );
  } else {
    const refs = [
      `resource:default/${request.name}`,
      `resource:default/${clusterEntityName}`,
    ];
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    items.forEach((entity, index) => {
      if (entity) {
        problems.push(
          `name "${request.name}" is taken: the catalog already has ${refs[index]}`,
        );
      }
    });
  }

  problems.push(...(await checkCidr(request.vpcCidr, catalog, credentials)));
  const owner = await checkOwner(request.owner, catalog, credentials);
  if ('problem' in owner) problems.push(owner.problem);

  const account = config.allowedAccounts.find(
    candidate => candidate.id === request.accountId,
  );
  if (!account) {
    problems.push(
      `AWS account ${
        request.accountId
      } is not allowed; allowed accounts: ${config.allowedAccounts
        .map(allowed => `${allowed.id} (${allowed.name})`)
        .join(', ')}`,
    );
  } else if (account.tier && account.tier !== request.tier) {
    problems.push(
      `AWS account ${account.id} (${account.name}) only hosts ${account.tier} environments, not ${request.tier}`,
    );
  }
  if (!config.allowedRegions.includes(request.region)) {
    problems.push(
      `region ${
        request.region
      } is not allowed; allowed regions: ${config.allowedRegions.join(', ')}`,
    );
  }

  const settings = resolveSettings(request.tier, request.overrides);
  problems.push(...checkTierGuardrails(settings));

  const accountEntityRef = account
    ? await findAccountEntityRef(account.id, catalog, credentials)
    : undefined;
  return {
    settings,
    clusterEntityName,
    accountEntityRef,
    ownerRef: 'ref' in owner ? owner.ref : undefined,
    problems,
  };
}

const OWNER_KINDS = ['group', 'user'];

/**
 * The owner is written into the tfvars and catalog-info.yaml: only the reference of a group or
 * user of the catalog, every part well-formed, is accepted.
 */
export async function checkOwner(
  owner: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ ref: string } | { problem: string }> {
  const quoted = JSON.stringify(owner);
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(owner, { defaultNamespace: 'default' });
  } catch {
    return {
      problem: `owner ${quoted} is not an entity reference (group:<namespace>/<name> or user:<namespace>/<name>)`,
    };
  }
  if (!OWNER_KINDS.includes(ref.kind.toLocaleLowerCase('en-US'))) {
    return {
      problem: `owner ${quoted} must be a group or user entity reference, not a ${ref.kind}`,
    };
  }
  if (!KubernetesValidatorFunctions.isValidNamespace(ref.namespace)) {
    return {
      problem: `owner ${quoted} is not an entity reference: invalid namespace ${JSON.stringify(
        ref.namespace,
      )}`,
    };
  }
  if (!KubernetesValidatorFunctions.isValidObjectName(ref.name)) {
    return {
      problem: `owner ${quoted} is not an entity reference: invalid name ${JSON.stringify(
        ref.name,
      )}`,
    };
  }
  const normalised = stringifyEntityRef(ref);
  const entity = await catalog.getEntityByRef(normalised, { credentials });
  if (!entity) {
    return {
      problem: `owner ${quoted} is not in the catalog`,
    };
  }
  return { ref: normalised };
}

async function checkCidr(
  vpcCidr: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const parsed = parseCidr(vpcCidr);
  if ('error' in parsed) {
    return [`VPC CIDR ${parsed.error}`];
  }
  const problems: string[] = [];
  if (parsed.prefix < 16 || parsed.prefix > 20) {
    problems.push(
      `VPC CIDR ${vpcCidr} must have a prefix between /16 and /20 (AWS allows /16 at most; below /20 the subnet plan does not fit)`,
    );
  }
  if (!isPrivate(parsed)) {
    problems.push(
      `VPC CIDR ${vpcCidr} must lie in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
    );
  }
  for (const environment of await listEnvironments(catalog, credentials)) {
    const annotations = environment.metadata.annotations;
    // A retired environment's VPC is gone: its range is free again. Proposed ones hold theirs.
    if (annotations?.[FORGE_ANNOTATIONS.lifecycle] === 'retired') continue;
    const taken = annotations?.[ANNOTATIONS.vpcCidr];
    if (!taken) continue;
    const existing = parseCidr(taken);
    if ('error' in existing) continue;
    if (overlaps(parsed, existing as Ipv4Network)) {
      problems.push(
        `VPC CIDR ${vpcCidr} overlaps ${taken} of environment ${stringifyEntityRef(
          environment,
        )}`,
      );
    }
  }
  return problems;
}

/** Environment Resources of the catalog; their sparki.io/vpc-cidr annotations are taken. */
export async function listEnvironments(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { ...ENVIRONMENT_FILTER },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  return items;
}

async function findAccountEntityRef(
  accountId: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string | undefined> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': 'aws-account',
        [`metadata.annotations.${ANNOTATIONS.accountId}`]: accountId,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials },
  );
  return items[0] ? stringifyEntityRef(items[0]) : undefined;
}
