import type { EnvironmentPreviewResponse } from '@sparki/scaffolder-sparki-common';
import path from 'node:path';
import { OverrideInput, toOverrides } from '../actions/overrides';
import { ModuleDefinitionCache } from '../terraform/moduleDefinitions';
import { previewRoot } from './preview';
import {
  checkTierGuardrails,
  Component,
  COMPONENTS,
  EnvironmentSettings,
  resolveSettings,
  Tier,
} from './tiers';

/**
 * The module calls of the sparki-environment skeleton's main.tf, in the order the generated
 * root's preview lists them (validateRoot reads the blocks by label, in alphabetical order); the
 * optional ones are counted by their `enable_*` variable. dryRun.test.ts checks this preview
 * against the one of the root the template generates.
 */
export const ROOT_MODULE_CALLS: ReadonlyArray<{
  call: string;
  component?: Component;
}> = [
  { call: 'database', component: 'database' },
  { call: 'eks' },
  { call: 'observability', component: 'observability' },
  { call: 'redis', component: 'redis' },
  { call: 'secrets' },
  { call: 'vpc' },
];

export interface PreviewRequest extends OverrideInput {
  tier: Tier;
  /** All components when omitted, as sparki:environment:validate does. */
  components?: Component[];
}

/** The root variables the preview reads, as the skeleton's tfvars writes them from the settings. */
function rootVariables(
  settings: EnvironmentSettings,
  components: Set<Component>,
): Record<string, unknown> {
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
    enable_database: components.has('database'),
    db_instance_class: settings.dbInstanceClass,
    db_allocated_storage_gb: settings.dbAllocatedStorageGb,
    db_max_allocated_storage_gb: settings.dbMaxAllocatedStorageGb,
    db_multi_az: settings.dbMultiAz,
    db_backup_retention_days: settings.dbBackupRetentionDays,
    db_deletion_protection: settings.dbDeletionProtection,
    enable_redis: components.has('redis'),
    redis_node_type: settings.redisNodeType,
    redis_num_cache_clusters: settings.redisNumCacheClusters,
    enable_observability: components.has('observability'),
  };
}

/**
 * The preview of the root the sparki-environment template would generate for these choices,
 * before anything is generated: the same `previewRoot` as the change's body, fed with the module
 * definitions of `modulesDir` and the settings the tier and overrides resolve to.
 */
export async function previewRequest(
  request: PreviewRequest,
  options: { modulesDir: string; definitions: ModuleDefinitionCache },
): Promise<EnvironmentPreviewResponse> {
  const settings = resolveSettings(request.tier, toOverrides(request));
  const components = new Set(request.components ?? COMPONENTS);
  const modules = await Promise.all(
    ROOT_MODULE_CALLS.map(async ({ call, component }) => ({
      name: call,
      definition: await options.definitions.get(
        path.join(options.modulesDir, call),
      ),
      repetition: component
        ? `count = var.enable_${component} ? 1 : 0`
        : undefined,
    })),
  );
  return {
    ...previewRoot({
      modules,
      variableValues: rootVariables(settings, components),
    }),
    problems: checkTierGuardrails(settings),
  };
}
