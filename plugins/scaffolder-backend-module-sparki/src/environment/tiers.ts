export const TIERS = ['dev', 'staging', 'prod'] as const;
export type Tier = (typeof TIERS)[number];

export const SIZES = ['small', 'medium', 'large'] as const;
export type Size = (typeof SIZES)[number];

export const COMPONENTS = ['database', 'redis', 'observability'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Capacity of a size, independent of availability. */
interface SizeProfile {
  nodeInstanceTypes: string[];
  nodeMinSize: number;
  nodeDesiredSize: number;
  nodeMaxSize: number;
  dbInstanceClass: string;
  dbAllocatedStorageGb: number;
  dbMaxAllocatedStorageGb: number;
  redisNodeType: string;
  redisNumCacheClusters: number;
}

export const SIZE_PROFILES: Record<Size, SizeProfile> = {
  small: {
    nodeInstanceTypes: ['t3.large'],
    nodeMinSize: 1,
    nodeDesiredSize: 2,
    nodeMaxSize: 3,
    dbInstanceClass: 'db.t4g.medium',
    dbAllocatedStorageGb: 20,
    dbMaxAllocatedStorageGb: 100,
    redisNodeType: 'cache.t4g.small',
    redisNumCacheClusters: 1,
  },
  medium: {
    nodeInstanceTypes: ['m6i.large'],
    nodeMinSize: 2,
    nodeDesiredSize: 3,
    nodeMaxSize: 6,
    dbInstanceClass: 'db.r6g.large',
    dbAllocatedStorageGb: 50,
    dbMaxAllocatedStorageGb: 250,
    redisNodeType: 'cache.r7g.large',
    redisNumCacheClusters: 2,
  },
  large: {
    nodeInstanceTypes: ['m6i.xlarge', 'm6a.xlarge'],
    nodeMinSize: 3,
    nodeDesiredSize: 6,
    nodeMaxSize: 12,
    dbInstanceClass: 'db.r6g.xlarge',
    dbAllocatedStorageGb: 100,
    dbMaxAllocatedStorageGb: 1000,
    redisNodeType: 'cache.r7g.xlarge',
    redisNumCacheClusters: 3,
  },
};

/** What a tier chooses when the requester does not override it. */
interface TierPreset {
  size: Size;
  highAvailability: boolean;
  deletionProtection: boolean;
  backupRetentionDays: number;
  logRetentionDays: number;
}

export const TIER_PRESETS: Record<Tier, TierPreset> = {
  dev: {
    size: 'small',
    highAvailability: false,
    deletionProtection: false,
    backupRetentionDays: 3,
    logRetentionDays: 30,
  },
  staging: {
    size: 'medium',
    highAvailability: false,
    deletionProtection: false,
    backupRetentionDays: 7,
    logRetentionDays: 90,
  },
  prod: {
    size: 'large',
    highAvailability: true,
    deletionProtection: true,
    backupRetentionDays: 30,
    logRetentionDays: 365,
  },
};

/** Choices a requester may make on top of the tier preset. */
export interface SettingsOverrides {
  size?: Size;
  highAvailability?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
  /** Encryption at rest; the modules have no unencrypted mode, so false is always refused. */
  encryption?: boolean;
}

/** Everything the generated root needs besides identity (name, account, region, CIDR). */
export interface EnvironmentSettings {
  tier: Tier;
  size: Size;
  highAvailability: boolean;
  encryption: boolean;
  azCount: number;
  singleNatGateway: boolean;
  nodeInstanceTypes: string[];
  nodeMinSize: number;
  nodeDesiredSize: number;
  nodeMaxSize: number;
  dbInstanceClass: string;
  dbAllocatedStorageGb: number;
  dbMaxAllocatedStorageGb: number;
  dbMultiAz: boolean;
  dbBackupRetentionDays: number;
  dbDeletionProtection: boolean;
  redisNodeType: string;
  redisNumCacheClusters: number;
  logRetentionDays: number;
}

/** Applies the tier preset, then the overrides; availability shapes the network and replicas. */
export function resolveSettings(
  tier: Tier,
  overrides: SettingsOverrides = {},
): EnvironmentSettings {
  const preset = TIER_PRESETS[tier];
  const size = overrides.size ?? preset.size;
  const profile = SIZE_PROFILES[size];
  const highAvailability =
    overrides.highAvailability ?? preset.highAvailability;
  return {
    tier,
    size,
    highAvailability,
    encryption: overrides.encryption ?? true,
    azCount: highAvailability ? 3 : 2,
    singleNatGateway: !highAvailability,
    nodeInstanceTypes: profile.nodeInstanceTypes,
    nodeMinSize: highAvailability
      ? Math.max(profile.nodeMinSize, 3)
      : profile.nodeMinSize,
    nodeDesiredSize: highAvailability
      ? Math.max(profile.nodeDesiredSize, 3)
      : profile.nodeDesiredSize,
    nodeMaxSize: highAvailability
      ? Math.max(profile.nodeMaxSize, 6)
      : profile.nodeMaxSize,
    dbInstanceClass: profile.dbInstanceClass,
    dbAllocatedStorageGb: profile.dbAllocatedStorageGb,
    dbMaxAllocatedStorageGb: profile.dbMaxAllocatedStorageGb,
    dbMultiAz: highAvailability,
    dbBackupRetentionDays:
      overrides.backupRetentionDays ?? preset.backupRetentionDays,
    dbDeletionProtection:
      overrides.deletionProtection ?? preset.deletionProtection,
    redisNodeType: profile.redisNodeType,
    redisNumCacheClusters: highAvailability
      ? Math.max(profile.redisNumCacheClusters, 2)
      : profile.redisNumCacheClusters,
    logRetentionDays: preset.logRetentionDays,
  };
}

/** Refusals for settings a tier does not allow; empty when the settings are acceptable. */
export function checkTierGuardrails(settings: EnvironmentSettings): string[] {
  const problems: string[] = [];
  if (!settings.encryption) {
    problems.push(
      'encryption at rest cannot be turned off: the Sparki modules always encrypt with the environment KMS key',
    );
  }
  if (
    settings.dbBackupRetentionDays < 1 ||
    settings.dbBackupRetentionDays > 35
  ) {
    problems.push(
      `backup retention of ${settings.dbBackupRetentionDays} days is outside what RDS allows (1-35 days)`,
    );
  }
  if (settings.tier === 'prod') {
    if (
      !settings.highAvailability ||
      !settings.dbMultiAz ||
      settings.azCount < 3
    ) {
      problems.push(
        'prod requires high availability: multi-AZ database, subnets in 3 AZs, one NAT gateway per AZ',
      );
    }
    if (!settings.dbDeletionProtection) {
      problems.push('prod requires deletion protection on the database');
    }
    if (settings.dbBackupRetentionDays < 7) {
      problems.push(
        `prod requires database backups kept at least 7 days (got ${settings.dbBackupRetentionDays})`,
      );
    }
  }
  return problems;
}
