import { modulesDir } from '../__testUtils__/fixtures';
import { ModuleDefinitionCache } from '../terraform/moduleDefinitions';
import { previewRequest } from './requestPreview';

describe('previewRequest', () => {
  const definitions = new ModuleDefinitionCache();

  it('previews the tier presets, with the components left out not created', async () => {
    const preview = await previewRequest(
      { tier: 'prod', components: ['database'] },
      { modulesDir, definitions },
    );
    expect(preview.problems).toEqual([]);
    expect(
      preview.modules.map(({ call, created }) => `${call}: ${created}`),
    ).toEqual([
      'database: yes',
      'eks: yes',
      'observability: no',
      'redis: no',
      'secrets: yes',
      'vpc: yes',
    ]);
    expect(preview.modules[0].resources).toContain('aws_db_instance.this');
    const settings = Object.fromEntries(
      preview.settings.map(({ label, value }) => [label, value]),
    );
    expect(settings).toMatchObject({
      Tier: 'prod',
      Size: 'large',
      'Database multi-AZ': 'on',
      'Database deletion protection': 'on',
      'Database backup retention (days)': '30',
      'Log retention (days)': '365',
    });
    expect(Object.values(settings)).not.toContain('unknown');
  });

  it('applies the overrides and reports the guardrails they break', async () => {
    const preview = await previewRequest(
      { tier: 'prod', highAvailability: 'off', backupRetentionDays: 3 },
      { modulesDir, definitions },
    );
    expect(preview.problems).toEqual([
      'prod requires high availability: multi-AZ database, subnets in 3 AZs, one NAT gateway per AZ',
      'prod requires database backups kept at least 7 days (got 3)',
    ]);
    expect(preview.markdown).toContain('- Database multi-AZ: `off`\n');
  });
});
