import { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TerraformSettingsCheckSource,
  terraformSettingsCheckIds,
} from './TerraformSettingsCheckSource';

// Creates a git repository and parses HCL: generous on a loaded machine.
jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const modulesDir = path.join(repoRoot, 'templates/terraform/modules');
const examples = path.join(repoRoot, 'examples/infrastructure/environments');
const platform = { kind: 'entity' as const, id: 'system:default/sparki' };
const now = new Date('2026-12-08T10:00:00.000Z');
const ids = terraformSettingsCheckIds;

describe('TerraformSettingsCheckSource', () => {
  let workDir: string;
  let forge: LocalForge;

  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-terraform-'));
    const seeds = path.join(workDir, 'environments');
    // The demo's prod and dev roots, and a prod root generated with the dev settings.
    for (const name of ['sparki-prod', 'sparki-dev']) {
      fs.cpSync(path.join(examples, name), path.join(seeds, name), {
        recursive: true,
      });
    }
    fs.mkdirSync(path.join(seeds, 'sparki-weak'));
    fs.writeFileSync(
      path.join(seeds, 'sparki-weak/sparki-weak.tfvars'),
      fs
        .readFileSync(
          path.join(examples, 'sparki-dev/sparki-dev.tfvars'),
          'utf8',
        )
        .replace('tier           = "dev"', 'tier           = "prod"')
        .replace(/\ndb_deletion_protection.*\n/, '\n'),
    );
    fs.mkdirSync(path.join(seeds, 'sparki-broken'));
    fs.writeFileSync(
      path.join(seeds, 'sparki-broken/sparki-broken.tfvars'),
      'tier = "prod"\nenable_database = \n',
    );
    forge = new LocalForge({
      directory: path.join(workDir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
      seedEnvironmentsDir: seeds,
    });
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('reports a problem, and no results, before the repository exists', async () => {
    const missing = new LocalForge({
      directory: path.join(workDir, 'not-created.git'),
      seedModulesDir: modulesDir,
    });
    const report = await new TerraformSettingsCheckSource(missing, {
      platformScopes: [platform],
    }).collect({ now });
    expect(report.results).toEqual([]);
    expect(report.problems).toEqual([
      {
        message:
          'the infrastructure repository does not exist yet: no environment settings to judge',
      },
    ]);
    expect(await missing.hasRepository()).toBe(false);
  });

  it('judges each environment on main from its tfvars and the modules', async () => {
    // As the scaffolder's first proposal or the catalog's first read would.
    await forge.listChanges();
    const source = new TerraformSettingsCheckSource(forge, {
      platformScopes: [platform],
    });
    const report = await source.collect({ now });
    const state = (environment: string, id: string) => {
      const result = report.results.find(
        r =>
          r.scope.id === `resource:default/${environment}` && r.checkId === id,
      );
      return [result?.state, result?.message];
    };

    expect(state('sparki-prod', ids.deletionProtection)).toEqual([
      'pass',
      'sparki-prod: database deletion protection (db_deletion_protection = true)',
    ]);
    expect(state('sparki-prod', ids.multiAz)).toEqual([
      'pass',
      'sparki-prod: database multi-AZ (db_multi_az = true); Redis runs 3 nodes with failover',
    ]);
    expect(state('sparki-prod', ids.backupRetention)).toEqual([
      'pass',
      'sparki-prod: database backups kept 30 days',
    ]);
    expect(state('sparki-prod', ids.encryptionAtRest)).toEqual([
      'pass',
      'sparki-prod: database encrypted at rest (module); Redis encrypted at rest (module)',
    ]);

    // Dev is not production: the checklist does not apply.
    for (const id of Object.values(ids)) {
      expect(state('sparki-dev', id)[0]).toBe('not-applicable');
    }

    // Prod with dev settings: single-AZ, 3 days of backups; deletion protection left out.
    expect(state('sparki-weak', ids.multiAz)).toEqual([
      'fail',
      'sparki-weak: db_multi_az = false; Redis runs a single node',
    ]);
    expect(state('sparki-weak', ids.backupRetention)).toEqual([
      'fail',
      'sparki-weak: database backups kept 3 days, fewer than 7',
    ]);
    expect(state('sparki-weak', ids.deletionProtection)).toEqual([
      'unknown',
      'sparki-weak: db_deletion_protection not set',
    ]);

    // Unparseable tfvars: every check unknown, and a problem naming the file.
    for (const id of Object.values(ids)) {
      expect(state('sparki-broken', id)[0]).toBe('unknown');
    }
    expect(report.problems).toEqual([
      expect.objectContaining({
        scope: { kind: 'entity', id: 'resource:default/sparki-broken' },
        message: expect.stringContaining(
          'environments/sparki-broken/sparki-broken.tfvars not readable',
        ),
      }),
    ]);

    // The platform, where the checklist is attested: the worst environment counts.
    const onPlatform = (id: string) =>
      report.results.find(r => r.scope.id === platform.id && r.checkId === id);
    expect(onPlatform(ids.multiAz)).toMatchObject({
      state: 'fail',
      population: { applicable: 3, failing: 1 },
      message: '1 of 3 fail: resource:default/sparki-weak',
    });
    expect(onPlatform(ids.encryptionAtRest)).toMatchObject({
      state: 'unknown',
      reason: 'error',
    });

    expect(report.snapshots).toEqual([
      expect.objectContaining({
        source: 'terraform-settings',
        id: `infrastructure:${await forge.mainCommit()}`,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(source.handles(ids.multiAz)).toBe(true);
    expect(source.handles('catalog:ownership')).toBe(false);
  });
});
