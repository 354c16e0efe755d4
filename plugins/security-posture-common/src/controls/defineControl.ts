import {
  Control,
  ControlEvaluation,
  ControlMetadata,
  Finding,
  Framework,
  ResourceRef,
} from '../controls';
import type { EvaluationContext } from '../evaluation/context';

type ControlDefinition = Omit<ControlMetadata, 'frameworks'> & {
  /** Frameworks besides the CIS ones, which are derived from `cisKubernetes` and `cisEks`. */
  frameworks?: Framework[];
  evaluate?(context: EvaluationContext): ControlEvaluation;
};

/** Declares a control; CIS frameworks follow from the CIS ids so they cannot disagree. */
export function defineControl(definition: ControlDefinition): Control {
  const frameworks = new Set<Framework>(definition.frameworks ?? []);
  if (definition.cisKubernetes) {
    frameworks.add('cis-kubernetes');
  }
  if (definition.cisEks) {
    frameworks.add('cis-eks');
  }
  return { ...definition, frameworks: [...frameworks] };
}

/** Builds an evaluation from the resources a control judged and the findings it raised. */
export function evaluation(
  applicable: ResourceRef[],
  findings: Finding[],
): ControlEvaluation {
  // Counted in a Map, made a record at the end: adding the namespaces one by one to an object
  // would give it a new hidden class per namespace, which the JIT'd code of every control then
  // depends on, and which dies with each evaluation (and that code with it).
  const counts = new Map<string, number>();
  // Indexed: once per control over all its resources (`for...of` allocates until optimized).
  for (let i = 0; i < applicable.length; i++) {
    const namespace = applicable[i].namespace;
    if (namespace) {
      counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
    }
  }
  const applicableByNamespace: Record<string, number> =
    Object.fromEntries(counts);
  return { applicable: applicable.length, findings, applicableByNamespace };
}

export function namespaceRef(name: string): ResourceRef {
  return { kind: 'Namespace', name, namespace: name };
}

/** `Kind "ns/name"` or `Kind "name"`, for messages. */
export function describeResource(ref: ResourceRef): string {
  return ref.namespace && ref.kind !== 'Namespace'
    ? `${ref.kind} "${ref.namespace}/${ref.name}"`
    : `${ref.kind} "${ref.name}"`;
}
