import { parseAllDocuments } from 'yaml';
import {
  ClusterInventory,
  emptyInventory,
  InventoryKind,
  KubeObject,
} from './inventory';
import {
  metadataOnly,
  namespacedBuiltInKinds,
} from './kube/defaultNamespaceObjects';

/** A manifest's text and where it came from (a path, a URL, `<stdin>`), for error messages. */
export interface ManifestFile {
  name: string;
  content: string;
}

/** A manifest that cannot be read; the message names the file and, for YAML, the document. */
export class ManifestError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ManifestError';
    this.file = file;
  }
}

/** Kinds the inventory holds, keyed by API group and kind (core group is ''). */
const inventoryKindByGroupKind = new Map<string, InventoryKind>([
  ['/Namespace', 'namespaces'],
  ['/Pod', 'pods'],
  ['/ServiceAccount', 'serviceaccounts'],
  ['apps/Deployment', 'deployments'],
  ['apps/StatefulSet', 'statefulsets'],
  ['apps/DaemonSet', 'daemonsets'],
  ['apps/ReplicaSet', 'replicasets'],
  ['batch/Job', 'jobs'],
  ['batch/CronJob', 'cronjobs'],
  ['networking.k8s.io/NetworkPolicy', 'networkpolicies'],
  ['rbac.authorization.k8s.io/Role', 'roles'],
  ['rbac.authorization.k8s.io/ClusterRole', 'clusterroles'],
  ['rbac.authorization.k8s.io/RoleBinding', 'rolebindings'],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', 'clusterrolebindings'],
  [
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
  ],
]);

const clusterScoped = new Set<InventoryKind>([
  'namespaces',
  'clusterroles',
  'clusterrolebindings',
  'validatingwebhookconfigurations',
]);

function groupOf(apiVersion: unknown): string | undefined {
  if (apiVersion === undefined) return undefined;
  if (typeof apiVersion !== 'string') return '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * The inventory kind of an object, or undefined if the inventory does not hold it. An object
 * without apiVersion is matched on its kind alone; one with an apiVersion must be in the right
 * group (a Calico `projectcalico.org/v3` NetworkPolicy is not a Kubernetes NetworkPolicy).
 */
export function inventoryKindOf(object: {
  apiVersion?: unknown;
  kind?: unknown;
}): InventoryKind | undefined {
  const group = groupOf(object.apiVersion);
  for (const [groupKind, inventoryKind] of inventoryKindByGroupKind) {
    const [kindGroup, kind] = groupKind.split('/');
    if (kind === object.kind && (group === undefined || group === kindGroup)) {
      return inventoryKind;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens `kind: List` (and `PodList`-style lists from `kubectl get -o yaml`) into objects. */
function flatten(
  value: unknown,
  where: string,
  file: string,
  out: KubeObject[],
): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, `${where}[${i}]`, file, out));
    return;
  }
  if (!isObject(value)) {
    throw new ManifestError(file, `${where} is not a Kubernetes object`);
  }
  if (
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    Array.isArray(value.items)
  ) {
    const itemKind =
      value.kind === 'List' ? undefined : value.kind.slice(0, -'List'.length);
    value.items.forEach((item: unknown, i: number) =>
      flatten(
        isObject(item) && item.kind === undefined && itemKind
          ? { apiVersion: value.apiVersion, kind: itemKind, ...item }
          : item,
        `${where} item ${i + 1}`,
        file,
        out,
      ),
    );
    return;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    throw new ManifestError(file, `${where} has no kind`);
  }
  if (
    !isObject(value.metadata) ||
    typeof value.metadata.name !== 'string' ||
    !value.metadata.name
  ) {
    throw new ManifestError(
      file,
      `${where} (${value.kind}) has no metadata.name`,
    );
  }
  out.push(value as KubeObject);
}

/**
 * Parses one manifest: JSON (a `.json` name, or text starting with `{` or `[`), or YAML with any
 * number of `---`-separated documents. Throws a ManifestError naming the file and document.
 */
export function parseManifest(file: ManifestFile): KubeObject[] {
  const objects: KubeObject[] = [];
  const text = file.content;
  const trimmed = text.trimStart();
  if (
    file.name.endsWith('.json') ||
    trimmed.startsWith('{') ||
    trimmed.startsWith('[')
  ) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ManifestError(
        file.name,
        `invalid JSON: ${(error as Error).message}`,
      );
    }
    flatten(value, 'document', file.name, objects);
    return objects;
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) {
    // An empty stream parses to an EmptyStream: no objects.
    return objects;
  }
  documents.forEach((document, i) => {
    const where = `document ${i + 1}`;
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0];
      throw new ManifestError(
        file.name,
        `invalid YAML in ${where}${
          line ? ` (line ${line.line}, column ${line.col})` : ''
        }: ${error.message.split('\n')[0]}`,
      );
    }
    flatten(document.toJS(), where, file.name, objects);
  });
  return objects;
}

export function parseManifests(files: readonly ManifestFile[]): KubeObject[] {
  return files.flatMap(parseManifest);
}

export interface BuiltInventory {
  inventory: ClusterInventory;
  /** Objects of kinds the inventory does not hold, counted by `apiVersion/kind`. */
  ignoredKinds: Record<string, number>;
  /** Objects given more than once (same kind, namespace and name): the last one is kept. */
  duplicates: string[];
}

/**
 * The namespace an object of a kind the inventory does not hold lands in: its own, `default`
 * for a built-in namespaced kind without one, else none known (a cluster-scoped kind, or a
 * custom resource whose scope its manifest does not tell).
 */
function otherObjectNamespace(object: KubeObject): string | undefined {
  if (object.metadata.namespace !== undefined) {
    return object.metadata.namespace;
  }
  return namespacedBuiltInKinds.has(
    `${groupOf(object.apiVersion) ?? ''}/${object.kind}`,
  )
    ? 'default'
    : undefined;
}

/**
 * Builds an inventory from manifest objects. Namespaced objects without a namespace go to
 * `default`, as `kubectl apply` would put them. Objects of other kinds in `default` are kept as
 * `defaultnamespaceobjects` (metadata only). Every kind counts as collected (nothing is
 * `unavailable`): a manifest directory is complete by definition.
 */
export function buildInventory(
  objects: readonly KubeObject[],
  { cluster, collectedAt }: { cluster: string; collectedAt: string },
): BuiltInventory {
  const inventory = emptyInventory(cluster, collectedAt);
  const ignoredKinds: Record<string, number> = {};
  const byKey = new Map<string, { kind: InventoryKind; object: KubeObject }>();
  const duplicates: string[] = [];
  for (const object of objects) {
    let kind = inventoryKindOf(object);
    let held = object;
    if (!kind && otherObjectNamespace(object) === 'default') {
      kind = 'defaultnamespaceobjects';
      held = metadataOnly(
        object,
        String(object.apiVersion ?? 'v1'),
        String(object.kind),
      );
    }
    if (!kind) {
      const label = object.apiVersion
        ? `${object.apiVersion}/${object.kind}`
        : String(object.kind);
      ignoredKinds[label] = (ignoredKinds[label] ?? 0) + 1;
      continue;
    }
    const { namespace: _namespace, ...metadata } = held.metadata;
    const normalized: KubeObject = clusterScoped.has(kind)
      ? { ...held, metadata }
      : {
          ...held,
          metadata: {
            ...held.metadata,
            namespace: held.metadata.namespace ?? 'default',
          },
        };
    const key = `${kind}/${
      kind === 'defaultnamespaceobjects' ? `${normalized.kind}/` : ''
    }${normalized.metadata.namespace ?? ''}/${normalized.metadata.name}`;
    if (byKey.has(key)) {
      duplicates.push(key);
    }
    byKey.set(key, { kind, object: normalized });
  }
  for (const { kind, object } of byKey.values()) {
    inventory.objects[kind].push(object);
  }
  return { inventory, ignoredKinds, duplicates };
}
