import { parse } from '@cdktf/hcl2json';
import fs from 'node:fs';
import path from 'node:path';
import { modulesDir } from '../__testUtils__/fixtures';
import { labelledBlocks } from './hcl';
import { loadModuleDefinition } from './moduleDefinitions';

const MODULES = ['vpc', 'eks', 'database', 'redis', 'observability', 'secrets'];

async function parsedFile(
  module: string,
  file: string,
): Promise<Record<string, any>> {
  const full = path.join(modulesDir, module, file);
  return (await parse(file, fs.readFileSync(full, 'utf8'))) as Record<
    string,
    any
  >;
}

async function resource(module: string, type: string, name: string) {
  const body = await parsedFile(module, 'main.tf');
  return body.resource[type][name][0];
}

describe('the shipped Terraform modules', () => {
  it.each(MODULES)(
    '%s parses and documents typed variables and outputs',
    async module => {
      expect(fs.readdirSync(path.join(modulesDir, module)).sort()).toEqual([
        'main.tf',
        'outputs.tf',
        'variables.tf',
        'versions.tf',
      ]);
      const definition = await loadModuleDefinition(
        path.join(modulesDir, module),
      );
      expect(definition.variables.size).toBeGreaterThan(2);
      expect(definition.outputs.size).toBeGreaterThan(0);

      const variables = labelledBlocks(
        await parsedFile(module, 'variables.tf'),
        'variable',
      );
      for (const [name, block] of variables) {
        expect({ name, typed: typeof block.type }).toEqual({
          name,
          typed: 'string',
        });
        expect({ name, described: typeof block.description }).toEqual({
          name,
          described: 'string',
        });
      }
      for (const [name, block] of labelledBlocks(
        await parsedFile(module, 'outputs.tf'),
        'output',
      )) {
        expect({ name, described: typeof block.description }).toEqual({
          name,
          described: 'string',
        });
      }
      const versions = await parsedFile(module, 'versions.tf');
      expect(versions.terraform[0].required_version).toBe('>= 1.9.0');
    },
  );

  it('vpc spreads subnets over AZs with NAT, locked-down default security group and flow logs', async () => {
    expect((await resource('vpc', 'aws_subnet', 'private')).count).toBe(
      '${var.az_count}',
    );
    expect((await resource('vpc', 'aws_nat_gateway', 'this')).count).toBe(
      '${local.nat_gateway_count}',
    );
    expect(
      await resource('vpc', 'aws_default_security_group', 'this'),
    ).not.toHaveProperty('ingress');
    expect(await resource('vpc', 'aws_flow_log', 'this')).toMatchObject({
      traffic_type: 'ALL',
    });
  });

  it('eks always ships the control-plane audit log and encrypts secrets', async () => {
    const variables = await parsedFile('eks', 'variables.tf');
    const logTypes = variables.variable.control_plane_log_types[0];
    expect(logTypes.default).toContain('audit');
    expect(logTypes.validation[0].condition).toContain(
      'contains(var.control_plane_log_types, "audit")',
    );
    const cluster = await resource('eks', 'aws_eks_cluster', 'this');
    expect(cluster.enabled_cluster_log_types).toBe(
      '${var.control_plane_log_types}',
    );
    expect(cluster.encryption_config[0].resources).toEqual(['secrets']);
    expect(await resource('eks', 'aws_eks_node_group', 'this')).toHaveProperty(
      'scaling_config',
    );
    expect(await resource('eks', 'aws_eks_addon', 'this')).toMatchObject({
      for_each: '${var.addons}',
    });
  });

  it('database is encrypted, backed up, monitored and has no switch to turn encryption off', async () => {
    const instance = await resource('database', 'aws_db_instance', 'this');
    expect(instance).toMatchObject({
      storage_encrypted: true,
      publicly_accessible: false,
      multi_az: '${var.multi_az}',
      backup_retention_period: '${var.backup_retention_days}',
      deletion_protection: '${var.deletion_protection}',
      monitoring_interval: '${var.monitoring_interval_seconds}',
      performance_insights_enabled: true,
    });
    const definition = await loadModuleDefinition(
      path.join(modulesDir, 'database'),
    );
    expect(
      [...definition.variables.keys()].filter(name => /encrypt/.test(name)),
    ).toEqual([]);
  });

  it('redis fails over and encrypts in transit and at rest', async () => {
    const group = await resource(
      'redis',
      'aws_elasticache_replication_group',
      'this',
    );
    expect(group).toMatchObject({
      automatic_failover_enabled: '${local.failover_enabled}',
      multi_az_enabled: '${local.failover_enabled}',
      transit_encryption_enabled: true,
      at_rest_encryption_enabled: true,
    });
  });

  it('observability wires Prometheus, Grafana, AlertManager, Loki and Jaeger', async () => {
    const body = await parsedFile('observability', 'main.tf');
    expect(Object.keys(body.resource.helm_release).sort()).toEqual([
      'jaeger',
      'kube_prometheus_stack',
      'loki',
    ]);
    const stack = JSON.stringify(
      body.resource.helm_release.kube_prometheus_stack,
    );
    for (const part of ['prometheus', 'grafana', 'alertmanager']) {
      expect(stack).toContain(part);
    }
  });

  it('secrets rotates its KMS key and audits calls with CloudTrail', async () => {
    expect(await resource('secrets', 'aws_kms_key', 'this')).toMatchObject({
      enable_key_rotation: true,
    });
    expect(await resource('secrets', 'aws_cloudtrail', 'audit')).toMatchObject({
      enable_log_file_validation: true,
      kms_key_id: '${aws_kms_key.this.arn}',
    });
  });
});
