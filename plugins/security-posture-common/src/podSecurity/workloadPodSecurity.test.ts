import { evaluateInventory } from '../evaluation/evaluateInventory';
import { listPodWorkloads } from '../kube/workloads';
import { pssNamespaceEnforce } from '../controls/pss/pssNamespaceEnforce';
import { pssRestricted } from '../controls/pss/pssRestricted';
import { container, inventoryOf, namespace, pod } from '../testUtils/fixtures';
import { podSecurityViolations } from './workloadPodSecurity';

// From v1.35 the restricted check procMount_restricted runs the very revision baseline's procMount
// ran up to v1.34: a cache keyed by the check function would hand one check's findings to the other.
const unmaskedProc = pod('web', 'unmasked', {
  hostUsers: true,
  securityContext: {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [
    container('app', {
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        procMount: 'Unmasked',
      },
    }),
  ],
});

function checkIds(
  workload: ReturnType<typeof listPodWorkloads>[number],
  level: 'baseline' | 'restricted',
  version: 'latest' | { major: 1; minor: number },
): string[] {
  return podSecurityViolations(workload, level, version).map(v => v.checkId);
}

describe('podSecurityViolations', () => {
  it('records the check id of the level and version asked, whichever ran the shared revision first', () => {
    const [baselineFirst] = listPodWorkloads(inventoryOf(unmaskedProc));
    expect(
      checkIds(baselineFirst, 'baseline', { major: 1, minor: 34 }),
    ).toEqual(['procMount']);
    expect(checkIds(baselineFirst, 'restricted', 'latest')).toEqual([
      'procMount_restricted',
    ]);

    const [restrictedFirst] = listPodWorkloads(inventoryOf(unmaskedProc));
    expect(checkIds(restrictedFirst, 'restricted', 'latest')).toEqual([
      'procMount_restricted',
    ]);
    expect(
      checkIds(restrictedFirst, 'baseline', { major: 1, minor: 34 }),
    ).toEqual(['procMount']);
  });

  it('gives controls of one evaluation the check id of their own level and version', () => {
    const inventory = inventoryOf(
      namespace('web', {
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.34',
      }),
      unmaskedProc,
    );
    const [enforce, restricted] = evaluateInventory(inventory, {
      controls: [pssNamespaceEnforce, pssRestricted],
    });
    expect(enforce.findings.map(f => f.evidence?.checkId)).toEqual([
      'procMount',
    ]);
    expect(restricted.findings.map(f => f.evidence?.checkId)).toEqual([
      'procMount_restricted',
    ]);
    expect(restricted.findings[0].message).toContain(
      'check procMount_restricted:',
    );
  });
});
