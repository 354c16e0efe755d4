import { ClusterInventory, InventoryKind, KubeObject } from '../inventory';
import { ResourceRef } from '../controls';

/** The subset of a PodSpec the evaluators read; other fields pass through untouched. */
export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Array<{
    name: string;
    hostPath?: { path?: string };
    [key: string]: any;
  }>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: Record<string, any>;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  [key: string]: any;
}

export interface Container {
  name: string;
  securityContext?: Record<string, any>;
  ports?: Array<{
    containerPort?: number;
    hostPort?: number;
    [key: string]: any;
  }>;
  env?: Array<{
    name: string;
    valueFrom?: Record<string, any>;
    [key: string]: any;
  }>;
  envFrom?: Array<Record<string, any>>;
  [key: string]: any;
}

/** Inventory kinds workloads are read from: a workload control is `unknown` if one is missing. */
export const workloadKinds: InventoryKind[] = [
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'jobs',
  'cronjobs',
];

export type ContainerList =
  | 'containers'
  | 'initContainers'
  | 'ephemeralContainers';

export const containerLists: ContainerList[] = [
  'containers',
  'initContainers',
  'ephemeralContainers',
];

/** A pod or a pod template, the unit every workload control judges. */
export interface PodWorkload {
  /** The Pod, or the top-level object owning the template (Deployment, CronJob...). */
  resource: ResourceRef;
  namespace: string;
  podMetadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: PodSpec;
  object: KubeObject;
}

/** Kinds whose objects carry a pod template, with where the template lives. */
const templateKinds: Array<{
  inventoryKind: InventoryKind;
  kind: string;
  template: (o: KubeObject) => any;
}> = [
  {
    inventoryKind: 'deployments',
    kind: 'Deployment',
    template: o => o.spec?.template,
  },
  {
    inventoryKind: 'statefulsets',
    kind: 'StatefulSet',
    template: o => o.spec?.template,
  },
  {
    inventoryKind: 'daemonsets',
    kind: 'DaemonSet',
    template: o => o.spec?.template,
  },
  {
    inventoryKind: 'replicasets',
    kind: 'ReplicaSet',
    template: o => o.spec?.template,
  },
  { inventoryKind: 'jobs', kind: 'Job', template: o => o.spec?.template },
  {
    inventoryKind: 'cronjobs',
    kind: 'CronJob',
    template: o => o.spec?.jobTemplate?.spec?.template,
  },
];

/** Kinds that own pods or other workloads (Pods own nothing). */
const controllerKinds = new Map<string, InventoryKind>(
  templateKinds.map(t => [t.kind, t.inventoryKind]),
);

/** Every container of a pod spec, with the list it belongs to. */
export function containersOf(
  spec: PodSpec,
): Array<{ list: ContainerList; container: Container }> {
  const result: Array<{ list: ContainerList; container: Container }> = [];
  for (const list of containerLists) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      if (container && typeof container === 'object')
        result.push({ list, container });
    }
  }
  return result;
}

export function namespaceOf(object: KubeObject): string {
  return object.metadata.namespace ?? 'default';
}

type OwnerReference = NonNullable<
  KubeObject['metadata']['ownerReferences']
>[number];

/** Names of the objects present, by kind and namespace: lookups build no string key. */
type PresentObjects = Map<string, Map<string, Set<string>>>;

// Module functions rather than closures of `listPodWorkloads`: closures die with each call, and
// their optimized code with them, so every evaluation would optimize them again.
function isPresentController(
  owner: OwnerReference,
  namespace: string,
  present: PresentObjects,
): boolean {
  return (
    !!owner.controller &&
    present.get(owner.kind)?.get(namespace)?.has(owner.name) === true
  );
}

function ownedByPresentController(
  object: KubeObject,
  present: PresentObjects,
): boolean {
  const namespace = namespaceOf(object);
  const owners = object.metadata.ownerReferences ?? [];
  if (!Array.isArray(owners)) {
    // Malformed (a manifest's): iterated as before, throwing if it cannot be.
    for (const owner of owners as Iterable<OwnerReference>) {
      if (isPresentController(owner, namespace, present)) return true;
    }
    return false;
  }
  for (let i = 0; i < owners.length; i++) {
    if (isPresentController(owners[i], namespace, present)) return true;
  }
  return false;
}

/**
 * Lists the pods and pod templates of an inventory, each once: a pod (or ReplicaSet, Job) whose
 * controller is itself in the inventory is represented by that controller's template, so a
 * Deployment with 30 replicas yields one finding, not 31. Pods whose controller is absent (bare
 * pods, static pods, operators' custom resources) are judged on their own spec.
 */
export function listPodWorkloads(inventory: ClusterInventory): PodWorkload[] {
  const present: PresentObjects = new Map();
  for (const [kind, inventoryKind] of controllerKinds) {
    const byNamespace = new Map<string, Set<string>>();
    present.set(kind, byNamespace);
    const objects = inventory.objects[inventoryKind] ?? [];
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      const namespace = namespaceOf(object);
      let names = byNamespace.get(namespace);
      if (!names) {
        names = new Set();
        byNamespace.set(namespace, names);
      }
      names.add(object.metadata.name);
    }
  }
  // Indexed loops below: they visit every pod of the cluster, and `for...of` allocates an
  // iterator per loop until the JIT has optimized it (most of a scan runs before).
  const workloads: PodWorkload[] = [];
  for (const { inventoryKind, kind, template } of templateKinds) {
    const objects = inventory.objects[inventoryKind] ?? [];
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i];
      const podTemplate = template(object);
      if (!podTemplate?.spec || ownedByPresentController(object, present)) {
        continue;
      }
      workloads.push({
        resource: {
          kind,
          name: object.metadata.name,
          namespace: namespaceOf(object),
        },
        namespace: namespaceOf(object),
        podMetadata: podTemplate.metadata ?? {},
        spec: podTemplate.spec,
        object,
      });
    }
  }
  const pods = inventory.objects.pods ?? [];
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (!pod.spec || ownedByPresentController(pod, present)) {
      continue;
    }
    workloads.push({
      resource: {
        kind: 'Pod',
        name: pod.metadata.name,
        namespace: namespaceOf(pod),
      },
      namespace: namespaceOf(pod),
      podMetadata: {
        labels: pod.metadata.labels,
        annotations: pod.metadata.annotations,
      },
      spec: pod.spec,
      object: pod,
    });
  }
  return workloads;
}

const containerResources = new WeakMap<PodWorkload, Map<string, ResourceRef>>();

/**
 * The workload's resource narrowed to one container. One object per workload and container,
 * shared (like `workload.resource`) by the findings of every control: treat it as read-only.
 */
export function containerResource(
  workload: PodWorkload,
  container: string | undefined,
): ResourceRef {
  if (container === undefined) return workload.resource;
  let byContainer = containerResources.get(workload);
  if (!byContainer) {
    byContainer = new Map();
    containerResources.set(workload, byContainer);
  }
  let resource = byContainer.get(container);
  if (!resource) {
    // Written out, not spread: a spread's hidden class dies with the evaluation (see score.ts).
    const { kind, name, namespace } = workload.resource;
    resource = { kind, name, namespace, container };
    byContainer.set(container, resource);
  }
  return resource;
}

/** The service account a pod runs as (`default` when unset). */
export function serviceAccountOf(spec: PodSpec): string {
  return spec.serviceAccountName || spec.serviceAccount || 'default';
}

/**
 * Windows pods (`spec.os.name: windows`) have no Linux capabilities, seccomp or privilege
 * escalation; Pod Security exempts them from those checks and so do the matching controls.
 */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}
