import { createHash } from 'node:crypto';
import { emptyInventory } from '@sparki/security-posture-common';
import { syntheticCluster } from '../__testUtils__/syntheticCluster';
import { createCommonEngine } from './commonEngine';

describe('createCommonEngine', () => {
  it('judges the benchmark cluster exactly as before the evaluation was made faster', () => {
    // `yarn bench:posture`'s cluster (deterministic: no randomness in the generator).
    const objects = syntheticCluster({
      namespaces: 100,
      pods: 10_000,
      rbacObjects: 2_000,
      networkPolicies: 500,
    });
    const engine = createCommonEngine();
    const results = engine.evaluate({
      ...emptyInventory('bench', '2026-01-01T00:00:00Z'),
      objects,
    });
    const output = JSON.stringify({ results, score: engine.score(results) });
    expect(results.reduce((sum, r) => sum + r.findings.length, 0)).toBe(24_380);
    // sha256 of the results and scores computed by the code before (commit 60e904c): a change
    // of any finding, message, evidence or score shows here. Update it only for an intended
    // change of results, with that change.
    expect(createHash('sha256').update(output).digest('hex')).toBe(
      '3241c8509346e9c193c1aca080e368cd3aad1f1cb09d1c975c141c111220d3f1',
    );
  }, 60_000);
});
