import {
  builtInRbacPolicies,
  selectBuiltInPolicy,
  upstreamDefaultReason,
} from './builtInPolicy';
import { clusterRole, clusterRoleBinding, group } from '../testUtils/fixtures';

describe('shipped bootstrap policy data', () => {
  it.each(builtInRbacPolicies.map(policy => [policy.release, policy]))(
    '%s is well formed and records its sources',
    (_release, policy) => {
      expect(policy.sources.length).toBeGreaterThanOrEqual(6);
      const roleNames = new Set(policy.clusterRoles.map(role => role.name));
      for (const name of ['cluster-admin', 'admin', 'edit', 'view']) {
        expect(roleNames).toContain(name);
      }
      for (const role of [...policy.clusterRoles, ...policy.roles]) {
        expect(role.aggregationRule || role.rules?.length).toBeTruthy();
        for (const rule of role.rules ?? []) {
          expect(rule.verbs?.length).toBeGreaterThan(0);
          expect(
            (rule.resources?.length ?? 0) > 0
              ? rule.apiGroups?.length
              : rule.nonResourceURLs?.length,
          ).toBeGreaterThan(0);
        }
      }
      // The binding data is from a newer commit than the controller roles (see builtinRoles/README.md).
      expect(
        policy.clusterRoleBindings
          .filter(binding => !roleNames.has(binding.roleRef.name))
          .map(binding => binding.name),
      ).toEqual(['system:controller:podcheckpoint-controller']);
      const namespaced = new Set(
        policy.roles.map(role => `${role.namespace}/${role.name}`),
      );
      for (const binding of policy.roleBindings) {
        expect(namespaced).toContain(
          `${binding.namespace}/${binding.roleRef.name}`,
        );
      }
    },
  );
});

describe('selectBuiltInPolicy', () => {
  it('uses the newest data, and says why, for unknown or unshipped versions', () => {
    const newest = builtInRbacPolicies[builtInRbacPolicies.length - 1];
    expect(selectBuiltInPolicy(undefined)).toEqual({
      policy: newest,
      note: expect.stringContaining('cluster version unknown'),
    });
    expect(selectBuiltInPolicy('not a version').note).toContain(
      'cluster version unknown',
    );
    expect(selectBuiltInPolicy('v1.31.2-eks-7f9249a')).toEqual({
      policy: newest,
      note: expect.stringContaining(
        "no bootstrap policy shipped for the cluster's v1.31",
      ),
    });
  });
});

describe('upstreamDefaultReason', () => {
  const kubeletApiAdmin = (rules: unknown[]) =>
    upstreamDefaultReason(
      clusterRole('system:kubelet-api-admin', rules),
      'ClusterRole',
    );

  it('accepts rules within the default, whatever their order or split', () => {
    expect(
      kubeletApiAdmin([
        { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'proxy'] },
      ]),
    ).toMatch(/^upstream default ClusterRole "system:kubelet-api-admin"/);
  });

  it('rejects any permission beyond the default: other verbs, resources, wildcards', () => {
    expect(
      kubeletApiAdmin([
        { apiGroups: [''], resources: ['nodes'], verbs: ['delete'] },
      ]),
    ).toBeUndefined();
    expect(
      kubeletApiAdmin([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }]),
    ).toBeUndefined();
    expect(
      kubeletApiAdmin([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
    ).toBeUndefined();
  });

  it('treats resourceNames and non-resource URL globs as Kubernetes does', () => {
    const approver = (rules: unknown[]) =>
      upstreamDefaultReason(
        clusterRole(
          'system:certificates.k8s.io:kubelet-serving-approver',
          rules,
        ),
        'ClusterRole',
      );
    const signers = {
      apiGroups: ['certificates.k8s.io'],
      resources: ['signers'],
      verbs: ['approve'],
    };
    expect(
      approver([
        { ...signers, resourceNames: ['kubernetes.io/kubelet-serving'] },
      ]),
    ).toBeDefined();
    expect(approver([signers])).toBeUndefined();
    expect(
      upstreamDefaultReason(
        clusterRole('system:monitoring', [
          { nonResourceURLs: ['/livez/etcd', '/metrics'], verbs: ['get'] },
        ]),
        'ClusterRole',
      ),
    ).toBeDefined();
  });

  it('compares bindings by roleRef and subjects, not by labels', () => {
    const labelled = clusterRoleBinding('cluster-admin', 'cluster-admin', [
      group('ops'),
    ]);
    labelled.metadata.labels = {
      'kubernetes.io/bootstrapping': 'rbac-defaults',
    };
    expect(
      upstreamDefaultReason(labelled, 'ClusterRoleBinding'),
    ).toBeUndefined();
  });
});
