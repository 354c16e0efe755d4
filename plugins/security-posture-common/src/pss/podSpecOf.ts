import { PodObjectMetadata, PodSpec } from './types';

/** The metadata and spec Pod Security Standards evaluate, and where they sit in the object. */
export interface PodSpecSource {
  metadata: PodObjectMetadata;
  spec: PodSpec;
  /** JSON path of the spec in the object, e.g. `spec.template.spec` (for messages). */
  specPath: string;
}

/** Where each kind keeps its pod (template), as the admission controller reads them. */
const templatePaths: Record<string, readonly string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  ReplicationController: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** List responses omit `kind` on items: tell pods, CronJobs and other workloads apart by shape. */
function inferKind(object: Record<string, any>): string | undefined {
  if (isObject(object.spec?.jobTemplate)) return 'CronJob';
  if (isObject(object.spec?.template)) return 'Deployment';
  if (isObject(object.template)) return 'PodTemplate';
  if (isObject(object.spec) && 'containers' in object.spec) return 'Pod';
  return undefined;
}

/**
 * The pod metadata and spec of a Pod, or the pod template of a PodTemplate, ReplicationController,
 * ReplicaSet, Deployment, StatefulSet, DaemonSet, Job or CronJob. `kind` defaults to the object's
 * own; without either, the kind is inferred from the object's shape. Returns undefined for other
 * kinds and for objects that lack the spec.
 */
export function podSpecOf(
  object: unknown,
  kind?: string,
): PodSpecSource | undefined {
  if (!isObject(object)) return undefined;
  const resolvedKind =
    kind ??
    (typeof object.kind === 'string' ? object.kind : undefined) ??
    inferKind(object);
  const path =
    resolvedKind === undefined ? undefined : templatePaths[resolvedKind];
  if (!path) return undefined;
  let holder: unknown = object;
  for (const key of path) {
    holder = isObject(holder) ? holder[key] : undefined;
  }
  if (!isObject(holder) || !isObject(holder.spec)) return undefined;
  return {
    metadata: isObject(holder.metadata) ? holder.metadata : {},
    spec: holder.spec as PodSpec,
    specPath: [...path, 'spec'].join('.'),
  };
}
