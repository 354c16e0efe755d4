import fs from 'node:fs';
import path from 'node:path';
import { modulesDir } from '../__testUtils__/fixtures';
import { loadModuleDefinition } from '../terraform/moduleDefinitions';
import { previewRoot } from './preview';

/** The resource blocks of a shipped module, read with a plain regex (not the code under test). */
function resourceBlocks(module: string): string[] {
  return fs
    .readdirSync(path.join(modulesDir, module))
    .filter(file => file.endsWith('.tf'))
    .flatMap(file =>
      [
        ...fs
          .readFileSync(path.join(modulesDir, module, file), 'utf8')
          .matchAll(/^resource "([^"]+)" "([^"]+)"/gm),
      ].map(match => `${match[1]}.${match[2]}`),
    );
}

describe('previewRoot', () => {
  const call = async (name: string, module: string, repetition?: string) => ({
    name,
    definition: await loadModuleDefinition(path.join(modulesDir, module)),
    repetition,
  });

  it('lists the resources of each called module, and which calls a toggle turns off', async () => {
    const { modules, markdown } = previewRoot({
      modules: [
        await call('eks', 'eks'),
        await call('redis', 'redis', 'count = var.enable_redis ? 1 : 0'),
        await call(
          'database',
          'database',
          'count = var.enable_database ? 1 : 0',
        ),
        await call('copies', 'redis', 'count = var.replicas'),
      ],
      variableValues: {
        enable_redis: false,
        enable_database: true,
        replicas: 2,
      },
    });
    expect(modules.map(({ call: c, created }) => ({ c, created }))).toEqual([
      { c: 'eks', created: 'yes' },
      { c: 'redis', created: 'no' },
      { c: 'database', created: 'yes' },
      // Not a boolean toggle: the expression is shown as written.
      { c: 'copies', created: 'count = var.replicas' },
    ]);
    expect(modules[0].module).toBe('eks');
    expect(modules[0].resources.map(r => r.split(' ')[0]).sort()).toEqual(
      resourceBlocks('eks').sort(),
    );
    expect(modules[0].resources).toContain(
      'aws_eks_node_group.this (for_each = var.node_groups)',
    );
    expect(markdown).toMatch(
      /- \*\*redis\*\* \(modules\/redis, \d+ resource blocks\) — not created \(disabled\)\n/,
    );
    expect(markdown).toContain('  - `aws_db_instance.this`\n');
    expect(markdown).toContain('- **copies** (modules/redis, ');
    expect(markdown).toContain('— `count = var.replicas`');
  });

  it('shows settings the tfvars do not set as unknown, never as a default', () => {
    const { settings } = previewRoot({
      modules: [],
      variableValues: { tier: 'prod', db_multi_az: true, node_min_size: 3 },
    });
    const byLabel = Object.fromEntries(settings.map(s => [s.label, s.value]));
    expect(byLabel).toMatchObject({
      Tier: 'prod',
      'Database multi-AZ': 'on',
      'EKS nodes (min / desired / max)': '3 / unknown / unknown',
      'Database deletion protection': 'unknown',
      'Log retention (days)': 'unknown',
    });
  });

  it('shows values as code, so markdown in a tfvars value is not rendered', () => {
    const { markdown } = previewRoot({
      modules: [],
      variableValues: {
        tier: 'dev` <img src=x onerror=alert(1)>\n[a](javascript:x)',
      },
    });
    expect(markdown).toContain(
      "- Tier: `dev' <img src=x onerror=alert(1)> [a](javascript:x)`\n",
    );
  });
});
