import { parse } from '@cdktf/hcl2json';
import { parseAllDocuments } from 'yaml';
import { AllowedAccount } from '../config';
import {
  checkTierGuardrails,
  Component,
  COMPONENTS,
  EnvironmentSettings,
  resolveSettings,
  SettingsOverrides,
  Size,
  SIZES,
  Tier,
  TIERS,
} from './tiers';
import { hclLiteral } from '../templating/quoting';

type TfvarsValue = string | number | boolean | string[];

/** The .tfvars assignments a resolved tier writes; the skeleton's tfvars uses the same names. */
export function tfvarsOfSettings(
  settings: EnvironmentSettings,
): Record<string, TfvarsValue> {
  return {
    tier: settings.tier,
    size: settings.size,
    high_availability: settings.highAvailability,
    az_count: settings.azCount,
    single_nat_gateway: settings.singleNatGateway,
    log_retention_days: settings.logRetentionDays,
    node_instance_types: settings.nodeInstanceTypes,
    node_min_size: settings.nodeMinSize,
    node_desired_size: settings.nodeDesiredSize,
    node_max_size: settings.nodeMaxSize,
    db_instance_class: settings.dbInstanceClass,
    db_allocated_storage_gb: settings.dbAllocatedStorageGb,
    db_max_allocated_storage_gb: settings.dbMaxAllocatedStorageGb,
    db_multi_az: settings.dbMultiAz,
    db_backup_retention_days: settings.dbBackupRetentionDays,
    db_deletion_protection: settings.dbDeletionProtection,
    redis_node_type: settings.redisNodeType,
    redis_num_cache_clusters: settings.redisNumCacheClusters,
  };
}

/** Undefined keeps the current value (unless the tier changes); 'preset' resets it to the tier's. */
export interface UpdateRequest {
  tier?: Tier;
  size?: Size | 'preset';
  highAvailability?: boolean | 'preset';
  deletionProtection?: boolean | 'preset';
  backupRetentionDays?: number;
  addComponents?: Component[];
  clusterVersion?: string;
}

export interface UpdatePlan {
  /** New content of the .tfvars file (only changed assignments differ). */
  tfvars: string;
  /** New content of catalog-info.yaml, when the tier changed. */
  catalogInfo?: string;
  /** Human-readable `name: old -> new` lines. */
  changes: string[];
  /** Every reason the update is refused; empty when it may proceed. */
  problems: string[];
}

/**
 * Plans an update of an existing environment root from its current .tfvars: re-resolves the tier
 * with the requested changes, applies the guardrails, and edits the assignments in place so
 * hand-made changes elsewhere in the file survive.
 */
export async function planUpdate(
  current: { tfvars: string; tfvarsFile: string; catalogInfo?: string },
  request: UpdateRequest,
  allowedAccounts: AllowedAccount[],
): Promise<UpdatePlan> {
  const values = (await parse(current.tfvarsFile, current.tfvars)) as Record<
    string,
    unknown
  >;
  const problems: string[] = [];

  const currentTier = values.tier as Tier;
  if (!TIERS.includes(currentTier)) {
    return {
      tfvars: current.tfvars,
      changes: [],
      problems: [
        `${current.tfvarsFile} has no valid tier (found ${JSON.stringify(
          values.tier,
        )})`,
      ],
    };
  }
  const tier = request.tier ?? currentTier;
  const tierChanged = tier !== currentTier;
  // Choices made for the current tier carry over unless the tier itself changes.
  const keep = <T>(
    requested: T | 'preset' | undefined,
    existing: unknown,
    valid: (v: unknown) => boolean,
  ): T | undefined => {
    if (requested === 'preset') return undefined;
    if (requested !== undefined) return requested;
    return !tierChanged && valid(existing) ? (existing as T) : undefined;
  };
  const overrides: SettingsOverrides = {
    size: keep<Size>(request.size, values.size, v => SIZES.includes(v as Size)),
    highAvailability: keep<boolean>(
      request.highAvailability,
      values.high_availability,
      isBoolean,
    ),
    deletionProtection: keep<boolean>(
      request.deletionProtection,
      values.db_deletion_protection,
      isBoolean,
    ),
    backupRetentionDays: keep<number>(
      request.backupRetentionDays,
      values.db_backup_retention_days,
      isNumber,
    ),
  };
  const settings = resolveSettings(tier, overrides);
  problems.push(...checkTierGuardrails(settings));

  const account = allowedAccounts.find(
    candidate => candidate.id === values.aws_account_id,
  );
  if (!account) {
    problems.push(
      `AWS account ${values.aws_account_id} of the environment is no longer allowed`,
    );
  } else if (account.tier && account.tier !== tier) {
    problems.push(
      `AWS account ${account.id} (${account.name}) only hosts ${account.tier} environments, not ${tier}`,
    );
  }

  const next: Record<string, TfvarsValue> = tfvarsOfSettings(settings);
  // RDS cannot shrink storage: a smaller size keeps the storage already allocated.
  for (const key of [
    'db_allocated_storage_gb',
    'db_max_allocated_storage_gb',
  ]) {
    if (
      isNumber(values[key]) &&
      (values[key] as number) > (next[key] as number)
    ) {
      next[key] = values[key] as number;
    }
  }
  for (const component of request.addComponents ?? []) {
    next[`enable_${component}`] = true;
  }
  if (request.clusterVersion) {
    const problem = checkClusterUpgrade(
      String(values.cluster_version),
      request.clusterVersion,
    );
    if (problem) problems.push(problem);
    next.cluster_version = request.clusterVersion;
  }

  const changes: string[] = [];
  let tfvars = current.tfvars;
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(values[key]) === JSON.stringify(value)) continue;
    changes.push(
      `${key}: ${formatValue(values[key])} -> ${formatValue(value)}`,
    );
    tfvars = setAssignment(tfvars, key, value);
  }
  const alreadyEnabled = (request.addComponents ?? []).filter(
    c => values[`enable_${c}`] === true,
  );
  if (alreadyEnabled.length > 0 && changes.length === 0) {
    problems.push(`${alreadyEnabled.join(', ')} already enabled`);
  }
  if (changes.length === 0 && problems.length === 0) {
    problems.push(
      'nothing to change: the environment already has these settings',
    );
  }

  const catalogInfo =
    tierChanged || next.size !== values.size
      ? updateCatalogInfo(current.catalogInfo, currentTier, settings)
      : undefined;
  return { tfvars, catalogInfo, changes, problems };
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isNumber(value: unknown): boolean {
  return typeof value === 'number';
}

/** EKS upgrades one minor version at a time and never downgrades. */
function checkClusterUpgrade(
  current: string,
  requested: string,
): string | undefined {
  const minor = (version: string) =>
    Number(/^1\.(\d+)$/.exec(version)?.[1] ?? NaN);
  const from = minor(current);
  const to = minor(requested);
  if (Number.isNaN(to))
    return `cluster version ${requested} is not a Kubernetes 1.x version`;
  if (Number.isNaN(from) || to === from) return undefined;
  if (to < from)
    return `EKS cannot downgrade the cluster from ${current} to ${requested}`;
  if (to > from + 1) {
    return `EKS upgrades one minor version at a time: ${current} can go to 1.${
      from + 1
    }, not ${requested}`;
  }
  return undefined;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** Replaces the value of `key = ...` (spanning lines for lists and maps), or appends it. */
export function setAssignment(
  content: string,
  key: string,
  value: TfvarsValue,
): string {
  const lines = content.split('\n');
  const rendered = hclLiteral(value);
  const pattern = new RegExp(
    `^(\\s*${key.replace(/[-]/g, '\\-')}\\s*=\\s*)(.*)$`,
  );
  const index = lines.findIndex(line => pattern.test(line));
  if (index === -1) {
    const trailingNewline = content.endsWith('\n');
    const body = trailingNewline ? content.slice(0, -1) : content;
    return `${body}\n${key} = ${rendered}${trailingNewline ? '\n' : ''}`;
  }
  const [, prefix, rest] = pattern.exec(lines[index])!;
  let end = index;
  let depth = bracketDepth(rest);
  while (depth > 0 && end + 1 < lines.length) {
    end++;
    depth += bracketDepth(lines[end]);
  }
  lines.splice(index, end - index + 1, `${prefix}${rendered}`);
  return lines.join('\n');
}

function bracketDepth(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '#') break;
    else if (char === '[' || char === '{' || char === '(') depth++;
    else if (char === ']' || char === '}' || char === ')') depth--;
  }
  return depth;
}

/** Moves the tier and size annotations and tags of the environment's entities, keeping the rest. */
function updateCatalogInfo(
  content: string | undefined,
  previousTier: Tier,
  settings: EnvironmentSettings,
): string | undefined {
  if (content === undefined) return undefined;
  const documents = parseAllDocuments(content);
  for (const document of documents) {
    if ('errors' in document && document.errors.length > 0) {
      throw new Error(
        `catalog-info.yaml does not parse: ${document.errors[0].message}`,
      );
    }
    if (
      document.getIn(['metadata', 'annotations', 'sparki.io/tier']) !==
      undefined
    ) {
      document.setIn(
        ['metadata', 'annotations', 'sparki.io/tier'],
        settings.tier,
      );
      document.setIn(
        ['metadata', 'annotations', 'sparki.io/size'],
        settings.size,
      );
    }
    const tags = document.getIn(['metadata', 'tags']) as {
      items?: Array<{ value?: unknown }>;
    };
    for (const item of tags?.items ?? []) {
      if (item.value === previousTier) item.value = settings.tier;
    }
  }
  // Flow sequences as written (`[environment, dev]`): the change's diff shows only what changed.
  return documents
    .map(document => document.toString({ flowCollectionPadding: false }))
    .join('');
}

export { COMPONENTS };
