/**
 * Kubernetes label selectors (metav1.LabelSelector), compiled once into a predicate so that
 * matching many pods against many selectors does not re-read the selector every time.
 */

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export type Labels = Record<string, string> | undefined | null;
export type LabelMatcher = (labels: Labels) => boolean;

const matchNothing: LabelMatcher = () => false;
const matchEverything: LabelMatcher = () => true;

function compileRequirement(
  requirement: LabelSelectorRequirement,
): LabelMatcher | undefined {
  const { key } = requirement;
  const values = new Set(requirement.values ?? []);
  switch (requirement.operator) {
    case 'In':
      return labels => labels?.[key] !== undefined && values.has(labels[key]);
    case 'NotIn':
      // A pod without the key satisfies NotIn, as in Kubernetes.
      return labels => labels?.[key] === undefined || !values.has(labels[key]);
    case 'Exists':
      return labels => labels?.[key] !== undefined;
    case 'DoesNotExist':
      return labels => labels?.[key] === undefined;
    default:
      return undefined;
  }
}

/**
 * Compiles a selector. An empty selector (`{}`) matches every object, as it does for
 * NetworkPolicy podSelector; a missing selector (`null`/`undefined`) matches nothing, as
 * Kubernetes' `LabelSelectorAsSelector` does. An unknown operator (which the API server would have
 * rejected) makes the selector match nothing rather than everything.
 */
export function compileLabelSelector(
  selector: LabelSelector | null | undefined,
): LabelMatcher {
  if (!selector) {
    return matchNothing;
  }
  const matchers: LabelMatcher[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    matchers.push(labels => labels?.[key] === value);
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const matcher = compileRequirement(requirement);
    if (!matcher) {
      return matchNothing;
    }
    matchers.push(matcher);
  }
  if (matchers.length === 0) {
    return matchEverything;
  }
  return labels => matchers.every(matcher => matcher(labels));
}

/** True when the selector is present and has no requirement, i.e. selects every object. */
export function selectsEverything(
  selector: LabelSelector | null | undefined,
): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}
