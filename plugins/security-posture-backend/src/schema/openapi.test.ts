import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { loadOpenApiContract } from '../__testUtils__/openApiContract';

const summary = {
  score: 50,
  scored: 2,
  passing: 1,
  failing: 1,
  unknown: 0,
  manual: 0,
  notApplicable: 0,
};
const snapshotSummary = {
  id: 1,
  cluster: 'sparki-dev',
  collectedAt: '2026-01-01T00:00:00.000Z',
  partial: false,
  unavailable: [],
  score: 50,
  findingCount: 1,
  sha256: 'a'.repeat(64),
};
const clusterScores = {
  cluster: 'sparki-dev',
  snapshotId: 1,
  collectedAt: '2026-01-01T00:00:00.000Z',
  partial: false,
  unavailable: [],
  score: 50,
  summary,
  byFramework: { rbac: summary },
  byNamespace: { web: { ...summary, byFramework: { rbac: 50 } } },
};

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3 document whose references all resolve', async () => {
    const document = parseYaml(
      readFileSync(path.resolve(__dirname, 'openapi.yaml'), 'utf8'),
    );
    await expect(SwaggerParser.validate(document)).resolves.toMatchObject({
      openapi: '3.0.3',
    });
  });

  describe('contract check', () => {
    it('accepts the documented shapes', async () => {
      const problems = await loadOpenApiContract();
      expect(
        problems('get', '/clusters', 200, {
          items: [
            {
              name: 'sparki-dev',
              source: 'manifests',
              scanning: false,
              latestSnapshot: snapshotSummary,
            },
          ],
        }),
      ).toEqual([]);
      expect(
        problems('get', '/scores', 200, { items: [clusterScores] }),
      ).toEqual([]);
    });

    it('rejects fields the document does not describe', async () => {
      const problems = await loadOpenApiContract();
      expect(
        problems('get', '/clusters', 200, {
          items: [
            {
              name: 'sparki-dev',
              source: 'manifests',
              scanning: false,
              latestSnapshot: { ...snapshotSummary, scores: {}, results: [] },
            },
          ],
        }),
      ).toEqual([
        'GET /clusters 200: /items/0/latestSnapshot must NOT have additional properties (scores)',
        'GET /clusters 200: /items/0/latestSnapshot must NOT have additional properties (results)',
      ]);
    });

    it('rejects wrong types and missing required fields', async () => {
      const problems = await loadOpenApiContract();
      const { summary: _summary, ...withoutSummary } = clusterScores;
      expect(
        problems('get', '/scores', 200, {
          items: [{ ...withoutSummary, byFramework: { rbac: 50 } }],
        }),
      ).toEqual([
        "GET /scores 200: /items/0 must have required property 'summary'",
        'GET /scores 200: /items/0/byFramework/rbac must be object',
      ]);
      expect(problems('get', '/scores', 201, {})).toEqual([
        'openapi.yaml has no JSON 201 response for /scores',
      ]);
    });
  });
});
