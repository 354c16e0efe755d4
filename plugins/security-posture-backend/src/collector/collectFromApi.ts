import * as kubernetesClient from '@kubernetes/client-node';
import {
  AdmissionregistrationV1Api,
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  Configuration,
  CoordinationV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  VersionApi,
} from '@kubernetes/client-node';
import {
  ClusterInventory,
  defaultNamespaceResources,
  emptyInventory,
  InventoryKind,
  inventoryKinds,
  KubeObject,
  metadataOnly,
} from '@sparki/security-posture-common';

/** The part of every Kubernetes list response the collector reads. */
interface KubeList {
  metadata?: { _continue?: string };
  items: object[];
}

type ListPage = (page: {
  limit: number;
  _continue?: string;
}) => Promise<KubeList>;

export interface ApiCollectionOptions {
  pageSize: number;
  requestTimeoutMs: number;
  /** These namespaces and every object in them are left out of the inventory. */
  skipNamespaces: string[];
  /** How many times one list restarts after `410 Gone` before the kind counts as unavailable. */
  maxRestarts?: number;
  now?: () => Date;
}

/** The kinds listed cluster-wide, one list each; `defaultnamespaceobjects` takes several. */
type ListedKind = Exclude<InventoryKind, 'defaultnamespaceobjects'>;

/** `kind`/`apiVersion` the API server leaves out of list items; set so findings name the kind. */
const kindInfo: Record<ListedKind, { kind: string; apiVersion: string }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1' },
  pods: { kind: 'Pod', apiVersion: 'v1' },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1' },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1' },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1' },
  replicasets: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
  jobs: { kind: 'Job', apiVersion: 'batch/v1' },
  cronjobs: { kind: 'CronJob', apiVersion: 'batch/v1' },
  networkpolicies: {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
  },
  roles: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1' },
  clusterroles: {
    kind: 'ClusterRole',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
  rolebindings: {
    kind: 'RoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
  clusterrolebindings: {
    kind: 'ClusterRoleBinding',
    apiVersion: 'rbac.authorization.k8s.io/v1',
  },
  serviceaccounts: { kind: 'ServiceAccount', apiVersion: 'v1' },
  validatingwebhookconfigurations: {
    kind: 'ValidatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
  },
};

/**
 * Asks kube-apiserver for list items as `PartialObjectMetadata` (falling back to full objects
 * on servers that cannot), so that Secret values are not even sent when only metadata is kept.
 */
const metadataOnlyAccept =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json';

/**
 * A client configuration whose every request is aborted after `timeoutMs`, asking for metadata
 * only with `metadataOnly`. (One middleware: the client reverses its middleware array in place on
 * every response.)
 */
function clientConfiguration(
  kubeConfig: KubeConfig,
  timeoutMs: number,
  { metadataOnly: onlyMetadata = false } = {},
): Configuration {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error('KubeConfig has no current cluster');
  }
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [
      {
        pre: async (context: RequestContext) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          if (onlyMetadata)
            context.setHeaderParam('Accept', metadataOnlyAccept);
          return context;
        },
        post: async (context: ResponseContext) => context,
      },
    ],
  });
}

function listCalls(configuration: Configuration): Record<ListedKind, ListPage> {
  const core = new CoreV1Api(configuration);
  const apps = new AppsV1Api(configuration);
  const batch = new BatchV1Api(configuration);
  const networking = new NetworkingV1Api(configuration);
  const rbac = new RbacAuthorizationV1Api(configuration);
  const admission = new AdmissionregistrationV1Api(configuration);
  return {
    namespaces: page => core.listNamespace(page),
    pods: page => core.listPodForAllNamespaces(page),
    serviceaccounts: page => core.listServiceAccountForAllNamespaces(page),
    deployments: page => apps.listDeploymentForAllNamespaces(page),
    statefulsets: page => apps.listStatefulSetForAllNamespaces(page),
    daemonsets: page => apps.listDaemonSetForAllNamespaces(page),
    replicasets: page => apps.listReplicaSetForAllNamespaces(page),
    jobs: page => batch.listJobForAllNamespaces(page),
    cronjobs: page => batch.listCronJobForAllNamespaces(page),
    networkpolicies: page => networking.listNetworkPolicyForAllNamespaces(page),
    roles: page => rbac.listRoleForAllNamespaces(page),
    clusterroles: page => rbac.listClusterRole(page),
    rolebindings: page => rbac.listRoleBindingForAllNamespaces(page),
    clusterrolebindings: page => rbac.listClusterRoleBinding(page),
    validatingwebhookconfigurations: page =>
      admission.listValidatingWebhookConfiguration(page),
  };
}

const defaultNamespace = 'default';

/** The list call in the default namespace of each of `defaultNamespaceResources`, by resource. */
function defaultNamespaceListCalls(
  configuration: Configuration,
): Record<string, ListPage> {
  const core = new CoreV1Api(configuration);
  const networking = new NetworkingV1Api(configuration);
  const autoscaling = new AutoscalingV2Api(configuration);
  const policy = new PolicyV1Api(configuration);
  const coordination = new CoordinationV1Api(configuration);
  const namespace = defaultNamespace;
  return {
    configmaps: page => core.listNamespacedConfigMap({ namespace, ...page }),
    secrets: page => core.listNamespacedSecret({ namespace, ...page }),
    services: page => core.listNamespacedService({ namespace, ...page }),
    persistentvolumeclaims: page =>
      core.listNamespacedPersistentVolumeClaim({ namespace, ...page }),
    replicationcontrollers: page =>
      core.listNamespacedReplicationController({ namespace, ...page }),
    podtemplates: page =>
      core.listNamespacedPodTemplate({ namespace, ...page }),
    limitranges: page => core.listNamespacedLimitRange({ namespace, ...page }),
    resourcequotas: page =>
      core.listNamespacedResourceQuota({ namespace, ...page }),
    ingresses: page => networking.listNamespacedIngress({ namespace, ...page }),
    horizontalpodautoscalers: page =>
      autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace, ...page }),
    poddisruptionbudgets: page =>
      policy.listNamespacedPodDisruptionBudget({ namespace, ...page }),
    leases: page => coordination.listNamespacedLease({ namespace, ...page }),
  };
}

/**
 * Attributes the client renames from their JSON name (e.g. NetworkPolicy ingress `from` becomes
 * `_from`, a reserved word in its generator), read from the client's own model metadata.
 */
const jsonNameOf: ReadonlyMap<string, string> = (() => {
  const names = new Map<string, string>();
  for (const model of Object.values(kubernetesClient)) {
    const attributes = (
      model as {
        getAttributeTypeMap?: () => Array<{ name: string; baseName: string }>;
      }
    ).getAttributeTypeMap?.();
    for (const { name, baseName } of attributes ?? []) {
      if (name !== baseName) names.set(name, baseName);
    }
  }
  return names;
})();

/**
 * The client deserializes into model classes with renamed attributes and `Date` fields;
 * evaluators and storage work on the JSON the API server sent, so convert back (JSON names,
 * dates as RFC 3339 strings).
 */
function toPlainJson(value: unknown): unknown {
  if (value instanceof Date) {
    return value.toISOString().replace('.000Z', 'Z');
  }
  if (Array.isArray(value)) {
    return value.map(toPlainJson);
  }
  if (value !== null && typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined)
        plain[jsonNameOf.get(key) ?? key] = toPlainJson(entry);
    }
    return plain;
  }
  return value;
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof ApiException) {
    const status = error.body as
      | { message?: string; reason?: string }
      | string
      | undefined;
    let detail: string | undefined;
    if (typeof status === 'string') {
      try {
        detail = (JSON.parse(status) as { message?: string }).message;
      } catch {
        detail = status.slice(0, 200) || undefined;
      }
    } else {
      detail = status?.message ?? status?.reason;
    }
    return `HTTP ${error.code}${detail ? `: ${detail}` : ''}`;
  }
  // AbortSignal.timeout rejects with a DOMException, which is not always an `Error` instance.
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `timeout after ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error
      ? `${error.message}: ${cause.message}`
      : error.message;
  }
  return String(error);
}

class ListRestartsExhausted extends Error {}

/**
 * Reads every page of one list, converting each page to plain objects as it arrives (so only one
 * page of client model instances is alive at a time). A `410 Gone` (expired continue token)
 * restarts the list from scratch: mixing pages of two list snapshots could miss objects.
 */
async function listAll(
  listPage: ListPage,
  options: ApiCollectionOptions,
  convert: (item: object) => KubeObject | undefined,
): Promise<KubeObject[]> {
  const maxRestarts = options.maxRestarts ?? 3;
  for (let attempt = 0; attempt <= maxRestarts; attempt++) {
    const objects: KubeObject[] = [];
    let token: string | undefined;
    try {
      do {
        const list = await listPage({
          limit: options.pageSize,
          _continue: token,
        });
        for (const item of list.items) {
          const object = convert(item);
          if (object) objects.push(object);
        }
        token = list.metadata?._continue || undefined;
      } while (token);
      return objects;
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 410)) throw error;
    }
  }
  throw new ListRestartsExhausted(
    `list expired (410 Gone) ${maxRestarts + 1} times in a row`,
  );
}

function describeFailure(error: unknown, options: ApiCollectionOptions) {
  return error instanceof ListRestartsExhausted
    ? error.message
    : describeError(error, options.requestTimeoutMs);
}

/**
 * The metadata (`metadataOnly`) of the objects of `defaultNamespaceResources` in the default
 * namespace. All or nothing: if one list fails, the kind is unavailable with every failure.
 */
async function collectDefaultNamespaceObjects(
  kubeConfig: KubeConfig,
  options: ApiCollectionOptions,
): Promise<{ objects: KubeObject[] } | { reason: string }> {
  const calls = defaultNamespaceListCalls(
    clientConfiguration(kubeConfig, options.requestTimeoutMs, {
      metadataOnly: true,
    }),
  );
  const failures: string[] = [];
  const lists = await Promise.all(
    defaultNamespaceResources.map(
      async ({ group, version, resource, kind }) => {
        const apiVersion = group ? `${group}/${version}` : version;
        try {
          return await listAll(calls[resource], options, item =>
            metadataOnly(toPlainJson(item) as KubeObject, apiVersion, kind),
          );
        } catch (error) {
          failures.push(
            `${describeFailure(
              error,
              options,
            )} (listing ${resource} in ${defaultNamespace})`,
          );
          return [];
        }
      },
    ),
  );
  return failures.length > 0
    ? { reason: failures.join('; ') }
    : { objects: lists.flat() };
}

/**
 * Lists every inventory kind cluster-wide through the Kubernetes client, and the other objects
 * of the default namespace as metadata. A kind that cannot be read completely (403, 404, timeout,
 * repeated 410) is left empty and recorded in `inventory.unavailable`, so the controls that need
 * it report `unknown` instead of passing.
 */
export async function collectFromApi(
  cluster: string,
  kubeConfig: KubeConfig,
  options: ApiCollectionOptions,
): Promise<ClusterInventory> {
  const configuration = clientConfiguration(
    kubeConfig,
    options.requestTimeoutMs,
  );
  const calls = listCalls(configuration);
  const skipped = new Set(options.skipNamespaces);
  const inventory = emptyInventory(cluster, '');

  const collectDefaultNamespace = async () => {
    if (skipped.has(defaultNamespace)) return;
    const collected = await collectDefaultNamespaceObjects(kubeConfig, options);
    if ('objects' in collected) {
      inventory.objects.defaultnamespaceobjects = collected.objects;
    } else {
      inventory.unavailable.push({
        kind: 'defaultnamespaceobjects',
        reason: collected.reason,
      });
    }
  };

  // The release picks the built-in RBAC defaults the controls compare with; when `/version`
  // cannot be read they use the newest shipped release and say so in their evidence.
  const readVersion = async () => {
    try {
      inventory.kubernetesVersion = (
        await new VersionApi(configuration).getCode()
      ).gitVersion;
    } catch {
      inventory.kubernetesVersion = undefined;
    }
  };

  await Promise.all([
    readVersion(),
    collectDefaultNamespace(),
    ...inventoryKinds
      .filter((kind): kind is ListedKind => kind !== 'defaultnamespaceobjects')
      .map(async kind => {
        const { kind: kindName, apiVersion } = kindInfo[kind];
        const convert = (item: object): KubeObject | undefined => {
          const object = toPlainJson(item) as KubeObject;
          const namespace =
            kind === 'namespaces'
              ? object.metadata?.name
              : object.metadata?.namespace;
          if (namespace && skipped.has(namespace)) return undefined;
          object.kind = kindName;
          object.apiVersion = apiVersion;
          return object;
        };
        try {
          inventory.objects[kind] = await listAll(
            calls[kind],
            options,
            convert,
          );
        } catch (error) {
          inventory.unavailable.push({
            kind,
            reason: describeFailure(error, options),
          });
        }
      }),
  ]);
  inventory.unavailable.sort((a, b) => a.kind.localeCompare(b.kind));
  inventory.collectedAt = (options.now?.() ?? new Date()).toISOString();
  return inventory;
}
