import { InventoryKind, KubeObject } from '@sparki/security-posture-common';

export interface SyntheticClusterSize {
  namespaces: number;
  pods: number;
  /** Split evenly over Roles, RoleBindings, ClusterRoles and ClusterRoleBindings. */
  rbacObjects: number;
  networkPolicies: number;
}

/**
 * A deterministic cluster for benchmarks and tests: Deployments → ReplicaSets → Pods with a mix
 * of compliant and non-compliant security settings, namespaces with and without Pod Security
 * labels, RBAC with some wildcards and cluster-admin bindings, default-deny and allow policies.
 */
export function syntheticCluster(
  size: SyntheticClusterSize,
): Record<InventoryKind, KubeObject[]> {
  const objects = Object.fromEntries(
    [
      'namespaces',
      'pods',
      'deployments',
      'statefulsets',
      'daemonsets',
      'replicasets',
      'jobs',
      'cronjobs',
      'networkpolicies',
      'roles',
      'clusterroles',
      'rolebindings',
      'clusterrolebindings',
      'serviceaccounts',
    ].map(kind => [kind, [] as KubeObject[]]),
  ) as Record<InventoryKind, KubeObject[]>;
  const namespaceName = (index: number) =>
    `team-${String(index).padStart(3, '0')}`;
  const levels = ['restricted', 'baseline', 'privileged'];
  // Compliant, privileged, extra capabilities, root (variants 3 and 4 also use the host).
  const securityContexts = [
    {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    { privileged: true },
    { capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } },
    { runAsUser: 0 },
  ];

  for (let n = 0; n < size.namespaces; n++) {
    const name = namespaceName(n);
    const labels: Record<string, string> = {
      'kubernetes.io/metadata.name': name,
    };
    if (n % 4 !== 3) {
      labels['pod-security.kubernetes.io/enforce'] = levels[n % 3];
      labels['pod-security.kubernetes.io/enforce-version'] = 'v1.30';
    }
    objects.namespaces.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, uid: `ns-${n}`, labels },
    });
    objects.serviceaccounts.push(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'app', namespace: name },
        automountServiceAccountToken: false,
      },
    );
  }

  const podsPerDeployment = 10;
  const deployments = Math.ceil(size.pods / podsPerDeployment);
  for (let d = 0; d < deployments; d++) {
    const namespace = namespaceName(d % size.namespaces);
    const app = `app-${d}`;
    const variant = d % 5;
    const container = {
      name: 'app',
      image: `registry.sparki.io/${app}:1.${d % 7}`,
      ports: [
        { containerPort: 8080, ...(variant === 4 ? { hostPort: 8080 } : {}) },
      ],
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      },
      securityContext: securityContexts[Math.min(variant, 3)],
    };
    const podSpec = {
      serviceAccountName: d % 2 ? 'app' : 'default',
      hostNetwork: variant === 3,
      containers: [
        container,
        {
          name: 'sidecar',
          image: 'envoyproxy/envoy:v1.31',
          securityContext: { readOnlyRootFilesystem: true },
        },
      ],
      volumes:
        variant === 2
          ? [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }]
          : [{ name: 'tmp', emptyDir: {} }],
    };
    const labels = { app };
    objects.deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app, namespace, uid: `deploy-${d}`, labels },
      spec: {
        replicas: podsPerDeployment,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec },
      },
    });
    const replicaSet = `${app}-7d9f8c`;
    objects.replicasets.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: replicaSet,
        namespace,
        uid: `rs-${d}`,
        labels,
        ownerReferences: [
          {
            kind: 'Deployment',
            name: app,
            uid: `deploy-${d}`,
            controller: true,
          },
        ],
      },
      spec: {
        replicas: podsPerDeployment,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: podSpec },
      },
    });
    for (
      let p = 0;
      p < podsPerDeployment && d * podsPerDeployment + p < size.pods;
      p++
    ) {
      objects.pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${replicaSet}-${p.toString(36).padStart(5, 'x')}`,
          namespace,
          uid: `pod-${d}-${p}`,
          labels,
          ownerReferences: [
            {
              kind: 'ReplicaSet',
              name: replicaSet,
              uid: `rs-${d}`,
              controller: true,
            },
          ],
          creationTimestamp: '2026-11-01T10:00:00Z',
        },
        spec: {
          ...podSpec,
          nodeName: `ip-10-10-${d % 250}-${p}.eu-west-1.compute.internal`,
        },
        status: { phase: 'Running', podIP: `10.10.${d % 250}.${p + 10}` },
      });
    }
  }

  for (let i = 0; i < size.networkPolicies; i++) {
    const namespace = namespaceName(i % size.namespaces);
    objects.networkpolicies.push(
      i % 2 === 0
        ? {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: `default-deny-${i}`, namespace },
            spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
          }
        : {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: `allow-app-${i}`, namespace },
            spec: {
              podSelector: { matchLabels: { app: `app-${i}` } },
              policyTypes: ['Ingress'],
              ingress: [
                {
                  from: [
                    {
                      namespaceSelector: {
                        matchLabels: {
                          'kubernetes.io/metadata.name': 'ingress',
                        },
                      },
                    },
                  ],
                  ports: [{ port: 8080, protocol: 'TCP' }],
                },
              ],
            },
          },
    );
  }

  const quarter = Math.floor(size.rbacObjects / 4);
  // One in ten roles is a wildcard, one in ten reads secrets, the rest read workloads.
  const ruleSets = [
    [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    [
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
    [
      {
        apiGroups: ['', 'apps'],
        resources: ['pods', 'deployments', 'configmaps'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  ];
  const rules = (i: number) => ruleSets[Math.min(i % 10, 2)];
  for (let i = 0; i < quarter; i++) {
    const namespace = namespaceName(i % size.namespaces);
    const rbac = 'rbac.authorization.k8s.io/v1';
    objects.roles.push({
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: `role-${i}`, namespace },
      rules: rules(i),
    });
    objects.rolebindings.push({
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: `binding-${i}`, namespace },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: `role-${i}`,
      },
      subjects: [
        { kind: 'ServiceAccount', name: i % 3 ? 'app' : 'default', namespace },
      ],
    });
    objects.clusterroles.push({
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: `cluster-role-${i}` },
      rules: rules(i + 5),
    });
    objects.clusterrolebindings.push({
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: `cluster-binding-${i}` },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: i % 50 === 0 ? 'cluster-admin' : `cluster-role-${i}`,
      },
      subjects:
        i % 7 === 0
          ? [
              {
                kind: 'Group',
                name: 'system:authenticated',
                apiGroup: 'rbac.authorization.k8s.io',
              },
            ]
          : [
              {
                kind: 'User',
                name: `user-${i}@sparki.io`,
                apiGroup: 'rbac.authorization.k8s.io',
              },
            ],
    });
  }
  return objects;
}
