import path from 'node:path';
import type {
  ModulePreview,
  RootPreview,
  SettingPreview,
} from '@sparki/scaffolder-sparki-common';
import type { RootValidationResult } from '../terraform/validateRoot';

const TOGGLE_COUNT = /^count = var\.([A-Za-z_][A-Za-z0-9_]*) \? 1 : 0$/;

// The settings a reviewer needs to judge cost and safety, by the root variables holding them
// (several variables read as one line: `min / desired / max`).
const SETTINGS: Array<{
  label: string;
  variables: string[];
  format?: (value: unknown) => string;
}> = [
  { label: 'Tier', variables: ['tier'] },
  { label: 'Size', variables: ['size'] },
  {
    label: 'High availability',
    variables: ['high_availability'],
    format: onOff,
  },
  { label: 'Availability zones', variables: ['az_count'] },
  {
    label: 'EKS node types',
    variables: ['node_instance_types'],
    format: list,
  },
  {
    label: 'EKS nodes (min / desired / max)',
    variables: ['node_min_size', 'node_desired_size', 'node_max_size'],
  },
  { label: 'Database instance', variables: ['db_instance_class'] },
  {
    label: 'Database storage in GB (allocated / autoscaling limit)',
    variables: ['db_allocated_storage_gb', 'db_max_allocated_storage_gb'],
  },
  { label: 'Database multi-AZ', variables: ['db_multi_az'], format: onOff },
  {
    label: 'Database deletion protection',
    variables: ['db_deletion_protection'],
    format: onOff,
  },
  {
    label: 'Database backup retention (days)',
    variables: ['db_backup_retention_days'],
  },
  { label: 'Redis node type', variables: ['redis_node_type'] },
  {
    label: 'Redis cache clusters',
    variables: ['redis_num_cache_clusters'],
  },
  { label: 'Log retention (days)', variables: ['log_retention_days'] },
];

/**
 * The preview a reviewer reads before the root runs: per module call, the resources its module
 * declares, and the tier's settings from the root's variables. Pure: it reads what
 * `validateRoot` parsed.
 */
export function previewRoot(
  root: Pick<RootValidationResult, 'modules' | 'variableValues'>,
): RootPreview {
  const values = root.variableValues;
  const modules = root.modules.map(call => ({
    call: call.name,
    module: path.basename(call.definition.dir),
    created: createdBy(call.repetition, values),
    resources: call.definition.resources.map(
      resource =>
        `${resource.type}.${resource.name}${
          resource.repetition ? ` (${resource.repetition})` : ''
        }`,
    ),
  }));
  const settings = SETTINGS.map(({ label, variables, format = String }) => ({
    label,
    value: variables
      .map(name =>
        values[name] === undefined || values[name] === null
          ? 'unknown'
          : format(values[name]),
      )
      .join(' / '),
  }));
  return { modules, settings, markdown: toMarkdown(modules, settings) };
}

function createdBy(
  repetition: string | undefined,
  values: Record<string, unknown>,
): string {
  if (repetition === undefined) return 'yes';
  const toggle = TOGGLE_COUNT.exec(repetition);
  const flag = toggle ? values[toggle[1]] : undefined;
  if (typeof flag === 'boolean') return flag ? 'yes' : 'no';
  return repetition;
}

function onOff(value: unknown): string {
  if (typeof value !== 'boolean') return `unknown (${JSON.stringify(value)})`;
  return value ? 'on' : 'off';
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

// Values come from the root's files: shown as code, so markdown in them is not rendered.
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

function createdNote(created: string): string {
  if (created === 'yes') return '';
  if (created === 'no') return ' — not created (disabled)';
  return ` — ${code(created)}`;
}

function toMarkdown(
  modules: ModulePreview[],
  settings: SettingPreview[],
): string {
  const lines = ['#### Settings', ''];
  for (const { label, value } of settings) {
    lines.push(`- ${label}: ${code(value)}`);
  }
  lines.push('', '#### Resources per module', '');
  for (const module of modules) {
    const created = createdNote(module.created);
    lines.push(
      `- **${module.call}** (modules/${module.module}, ${
        module.resources.length
      } resource block${module.resources.length === 1 ? '' : 's'})${created}`,
    );
    for (const resource of module.resources) {
      lines.push(`  - ${code(resource)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
