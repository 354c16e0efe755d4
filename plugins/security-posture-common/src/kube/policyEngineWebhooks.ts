import { ClusterInventory } from '../inventory';
import {
  compileLabelSelector,
  LabelMatcher,
  LabelSelector,
  selectsEverything,
} from './labelSelector';

/** Admission policy engines recognised by the name of the validating webhooks they register. */
const policyEngines: ReadonlyArray<{
  engine: string;
  registers: (webhookName: string) => boolean;
}> = [
  // validate.kyverno.svc, validate.kyverno.svc-fail, validate.kyverno.svc-ignore...
  { engine: 'Kyverno', registers: name => /\.kyverno\.svc(-|$)/.test(name) },
  // validation.gatekeeper.sh
  { engine: 'Gatekeeper', registers: name => name.endsWith('.gatekeeper.sh') },
];

export const policyEngineNames = policyEngines.map(({ engine }) => engine);

/** A policy engine's validating webhook that is sent every pod created in the namespaces it selects. */
export interface PolicyEngineWebhook {
  engine: string;
  /** `<ValidatingWebhookConfiguration>/<webhook>`. */
  name: string;
  /** Whether the webhook's namespaceSelector selects a namespace, by its labels. */
  selectsNamespace: (namespace: {
    name: string;
    labels?: Record<string, string>;
  }) => boolean;
}

interface RuleWithOperations {
  apiGroups?: string[];
  operations?: string[];
  resources?: string[];
  scope?: string;
}

interface ValidatingWebhook {
  name?: string;
  rules?: RuleWithOperations[];
  namespaceSelector?: LabelSelector | null;
  objectSelector?: LabelSelector | null;
}

const includes = (values: string[] | undefined, ...wanted: string[]) =>
  (values ?? []).some(value => wanted.includes(value));

/** A rule that sends the creation of pods (the main resource, not a subresource) to the webhook. */
function interceptsPodCreation(rule: RuleWithOperations): boolean {
  return (
    includes(rule.operations, 'CREATE', '*') &&
    includes(rule.apiGroups, '', '*') &&
    includes(rule.resources, 'pods', '*', '*/*') &&
    rule.scope !== 'Cluster'
  );
}

/**
 * The validating webhooks of known policy engines that judge every pod created in the namespaces
 * they select: a rule for pod CREATE and no objectSelector narrowing it to some pods (those would
 * check only labelled pods, not the namespace). `matchConditions` (CEL) are not evaluated.
 */
export function policyEngineWebhooks(
  inventory: ClusterInventory,
): PolicyEngineWebhook[] {
  const found: PolicyEngineWebhook[] = [];
  for (const configuration of inventory.objects
    .validatingwebhookconfigurations ?? []) {
    const webhooks = configuration.webhooks as ValidatingWebhook[] | undefined;
    for (const webhook of Array.isArray(webhooks) ? webhooks : []) {
      const webhookName = typeof webhook?.name === 'string' ? webhook.name : '';
      const engine = policyEngines.find(({ registers }) =>
        registers(webhookName),
      )?.engine;
      if (
        !engine ||
        !(webhook.rules ?? []).some(interceptsPodCreation) ||
        !(!webhook.objectSelector || selectsEverything(webhook.objectSelector))
      ) {
        continue;
      }
      // A missing namespaceSelector selects every namespace.
      const matcher: LabelMatcher = compileLabelSelector(
        webhook.namespaceSelector ?? {},
      );
      found.push({
        engine,
        name: `${configuration.metadata.name}/${webhookName}`,
        // The API server labels every namespace with its name; manifests may leave it out.
        selectsNamespace: ({ name, labels }) =>
          matcher({ ...labels, 'kubernetes.io/metadata.name': name }),
      });
    }
  }
  return found;
}
