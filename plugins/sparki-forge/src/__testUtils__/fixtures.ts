import { Entity } from '@backstage/catalog-model';
import type {
  ForgeChangeDetail,
  ForgeChangeSummary,
} from '@sparki/sparki-forge-common';
import { SparkiForgeApi } from '../api/SparkiForgeApi';

export function environment(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-dev', annotations },
    spec: { type: 'environment', owner: 'group:default/platform-team' },
  };
}

export const proposal: ForgeChangeSummary = {
  id: '1',
  branch: 'environment/payments-dev',
  title: 'Environment payments-dev (dev)',
  body: 'New **dev** environment.',
  author: 'user:default/alice',
  createdAt: '2026-12-01T10:00:00.000Z',
  state: 'open',
  baseCommit: 'a'.repeat(40),
  headCommit: 'b'.repeat(40),
  environments: [{ name: 'payments-dev', kind: 'create' }],
};

export const proposalDetail: ForgeChangeDetail = {
  ...proposal,
  diff: [
    'diff --git a/environments/payments-dev/payments-dev.tfvars b/environments/payments-dev/payments-dev.tfvars',
    '--- a/environments/payments-dev/payments-dev.tfvars',
    '+++ b/environments/payments-dev/payments-dev.tfvars',
    '@@ -1 +1 @@',
    '-size = "small"',
    '+size = "large"',
    '',
  ].join('\n'),
};

export function mockForgeApi(
  overrides: Partial<jest.Mocked<SparkiForgeApi>> = {},
): jest.Mocked<SparkiForgeApi> {
  return {
    listChanges: jest.fn().mockResolvedValue([proposal]),
    getChange: jest.fn().mockResolvedValue(proposalDetail),
    mergeChange: jest.fn().mockResolvedValue({
      ...proposal,
      state: 'merged',
      mergedBy: 'user:default/bob',
    }),
    ...overrides,
  };
}
