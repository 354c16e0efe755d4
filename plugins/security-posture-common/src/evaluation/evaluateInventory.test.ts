import { evaluateInventory } from './evaluateInventory';
import { controlCatalog } from '../controls/catalog';
import { Control } from '../controls';
import { defineControl } from '../controls/defineControl';
import {
  clusterRoleBinding,
  deployment,
  group,
  hardenedSpec,
  inventoryOf,
  namespace,
  withUnavailable,
} from '../testUtils/fixtures';
import { emptyInventory } from '../inventory';
import { scorePosture } from '../score';

describe('evaluateInventory', () => {
  it('evaluates every control of the catalog once, in order', () => {
    const results = evaluateInventory(
      inventoryOf(namespace('web'), deployment('web', 'app', hardenedSpec())),
    );
    expect(results.map(r => r.controlId)).toEqual(
      controlCatalog.map(c => c.id),
    );
  });

  it('marks controls needing an unavailable kind unknown (never pass) with the reason', () => {
    const inventory = withUnavailable(
      inventoryOf(clusterRoleBinding('x', 'cluster-admin', [group('ops')])),
      'clusterrolebindings',
    );
    const results = evaluateInventory(inventory);
    const clusterAdmin = results.find(
      r => r.controlId === 'rbac-cluster-admin-bindings',
    )!;
    expect(clusterAdmin).toMatchObject({
      status: 'unknown',
      findings: [],
      reason: 'Could not read clusterrolebindings (403 Forbidden)',
    });
    expect(
      results.find(r => r.controlId === 'network-namespaces-have-policies')!
        .status,
    ).toBe('not-applicable');
  });

  it('counts failing resources once per resource and per namespace, not per finding', () => {
    const results = evaluateInventory(
      inventoryOf(
        namespace('web', {
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
        deployment('web', 'app', {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'y' },
          ],
        }),
        deployment('web', 'ok', hardenedSpec()),
      ),
    );
    const restricted = results.find(r => r.controlId === 'pss-restricted')!;
    expect(restricted.findings.length).toBeGreaterThan(2);
    expect(restricted).toMatchObject({
      status: 'fail',
      applicable: 2,
      failing: 1,
      applicableByNamespace: { web: 2 },
      failingByNamespace: { web: 1 },
    });
  });

  it('counts a resource once even when its findings are not in a row', () => {
    const app = { kind: 'Deployment', name: 'app', namespace: 'web' };
    const api = { kind: 'Deployment', name: 'api', namespace: 'web' };
    const control = defineControl({
      id: 'test-interleaved',
      title: 'Interleaved findings',
      severity: 'low',
      rationale: 'test',
      remediation: 'test',
      runbook: 'workload-hardening',
      requires: [],
      evaluate: () => ({
        applicable: 4,
        applicableByNamespace: { web: 3, jobs: 1 },
        findings: [app, api, { ...app, container: 'sidecar' }, { ...api }, app]
          .concat([{ kind: 'Job', name: 'app', namespace: 'jobs' }])
          .map(resource => ({
            controlId: 'test-interleaved',
            resource,
            message: 'bad',
          })),
      }),
    });
    const [result] = evaluateInventory(emptyInventory('c', 'now'), {
      controls: [control],
    });
    expect(result).toMatchObject({
      status: 'fail',
      applicable: 4,
      failing: 3,
      failingByNamespace: { web: 2, jobs: 1 },
    });
  });

  it('reports a control that throws as unknown instead of failing the scan', () => {
    const broken: Control = defineControl({
      id: 'broken',
      title: 'Broken',
      severity: 'low',
      rationale: '',
      remediation: '',
      runbook: 'x',
      requires: [],
      evaluate() {
        throw new Error('boom');
      },
    });
    expect(evaluateInventory(inventoryOf(), { controls: [broken] })).toEqual([
      {
        controlId: 'broken',
        status: 'unknown',
        applicable: 0,
        failing: 0,
        findings: [],
        reason: 'Evaluation failed: boom',
      },
    ]);
  });

  it('rejects an invalid Pod Security version', () => {
    expect(() =>
      evaluateInventory(inventoryOf(), { pssVersion: 'v2' }),
    ).toThrow(
      'Invalid Pod Security Standards version "v2": expected "latest" or "v1.N"',
    );
  });

  it('gives an empty cluster no score rather than 100 %', () => {
    const results = evaluateInventory(emptyInventory('empty', 'now'));
    expect(
      results.every(r => ['not-applicable', 'manual'].includes(r.status)),
    ).toBe(true);
    expect(scorePosture(results).cluster.score).toBeNull();
  });

  it('gives an inventory with every kind unavailable no score', () => {
    let inventory = emptyInventory('down', 'now');
    for (const kind of Object.keys(inventory.objects) as Array<
      keyof typeof inventory.objects
    >) {
      inventory = withUnavailable(inventory, kind, 'timeout after 10000 ms');
    }
    const results = evaluateInventory(inventory);
    expect(results.filter(r => r.status === 'pass')).toEqual([]);
    expect(scorePosture(results).cluster).toMatchObject({ score: null });
  });
});
