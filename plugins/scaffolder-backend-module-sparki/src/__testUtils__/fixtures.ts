import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const templatesDir = path.join(repoRoot, 'templates');
export const modulesDir = path.join(templatesDir, 'terraform/modules');
export const moduleSource =
  'git::https://github.com/sparki-org/infrastructure.git//modules';

/** The seeded roots of the demo's local forge: sparki-dev, sparki-staging, sparki-prod. */
export const seedEnvironmentsDir = path.join(
  repoRoot,
  'examples/infrastructure/environments',
);

/**
 * The demo catalog of the repository: the accounts, system and org of examples/catalog plus the
 * environments and clusters of the seeded roots (which the forge's entity provider serves).
 */
export function demoCatalogEntities(): Entity[] {
  const dir = path.join(repoRoot, 'examples/catalog');
  const files = [
    ...fs
      .readdirSync(dir)
      .filter(file => file.endsWith('.yaml'))
      .map(file => path.join(dir, file)),
    ...fs
      .readdirSync(seedEnvironmentsDir)
      .map(name => path.join(seedEnvironmentsDir, name, 'catalog-info.yaml')),
  ];
  return files
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
        document => document.toJS() as Entity,
      ),
    )
    .filter(entity => entity && entity.kind);
}

/** `sparki.environments` as app-config.yaml declares it. */
export const environmentsConfigData = {
  allowedAccounts: [
    { id: '111111111111', name: 'sparki-dev', tier: 'dev' },
    { id: '222222222222', name: 'sparki-staging', tier: 'staging' },
    { id: '333333333333', name: 'sparki-prod', tier: 'prod' },
  ],
  allowedRegions: ['eu-west-1', 'eu-central-1'],
  moduleSource,
  modulesDir,
  infrastructureRepo: 'github.com?owner=sparki-org&repo=infrastructure',
};

/** Reads a template directory into the scaffolder's dry-run `directoryContents`. */
export function templateDirectoryContents(
  dir: string,
): Array<{ path: string; base64Content: string }> {
  const files: Array<{ path: string; base64Content: string }> = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files.push({
          path: path.relative(dir, full).split(path.sep).join('/'),
          base64Content: fs.readFileSync(full).toString('base64'),
        });
      }
    }
  };
  walk(dir);
  return files;
}
