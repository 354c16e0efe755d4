import { policyControlMechanism } from './policyControlMechanism';
import {
  evaluateControl,
  findingKeys,
  inventoryOf,
  namespace,
  withUnavailable,
} from '../../testUtils/fixtures';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import { KubeObject } from '../../inventory';

function validatingWebhooks(
  name: string,
  webhooks: Array<Record<string, unknown>>,
): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks,
  };
}

const podRule = {
  apiGroups: [''],
  apiVersions: ['v1'],
  operations: ['CREATE', 'UPDATE'],
  resources: ['pods'],
  scope: 'Namespaced',
};

// As Kyverno registers it once a policy matches pods; it leaves its own namespace out.
const kyverno = validatingWebhooks('kyverno-resource-validating-webhook-cfg', [
  {
    name: 'validate.kyverno.svc-fail',
    clientConfig: { service: { name: 'kyverno-svc', namespace: 'kyverno' } },
    rules: [podRule],
    failurePolicy: 'Fail',
    namespaceSelector: {
      matchExpressions: [
        {
          key: 'kubernetes.io/metadata.name',
          operator: 'NotIn',
          values: ['kyverno'],
        },
      ],
    },
  },
]);

// As Gatekeeper's chart installs it: every resource, except namespaces labelled to be ignored.
const gatekeeper = validatingWebhooks(
  'gatekeeper-validating-webhook-configuration',
  [
    {
      name: 'validation.gatekeeper.sh',
      rules: [
        {
          apiGroups: ['*'],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: ['*'],
        },
      ],
      namespaceSelector: {
        matchExpressions: [
          { key: 'admission.gatekeeper.sh/ignore', operator: 'DoesNotExist' },
        ],
      },
    },
  ],
);

describe('workload-policy-control-mechanism (CIS 5.2.1)', () => {
  it('fails namespaces whose Pod Security labels restrict nothing', () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('unlabelled'),
      namespace('privileged', {
        'pod-security.kubernetes.io/enforce': 'privileged',
      }),
      namespace('kube-system'),
    ]);
    expect(findingKeys(result)).toEqual([
      'Namespace/unlabelled/unlabelled',
      'Namespace/privileged/privileged',
    ]);
    expect(result.applicable).toBe(2);
  });

  it('passes namespaces that enforce, audit or warn at baseline or restricted', () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('enforce', {
        'pod-security.kubernetes.io/enforce': 'baseline',
      }),
      namespace('warn', { 'pod-security.kubernetes.io/warn': 'restricted' }),
      namespace('audit', { 'pod-security.kubernetes.io/audit': 'baseline' }),
      // An invalid enforce level fails closed to restricted, as the admission controller does.
      namespace('invalid', { 'pod-security.kubernetes.io/enforce': 'strict' }),
    ]);
    expect(result).toMatchObject({ applicable: 4, findings: [] });
  });

  it("counts a Kyverno or Gatekeeper validating webhook that checks the namespace's pods", () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('web'),
      namespace('kyverno', { 'admission.gatekeeper.sh/ignore': 'yes' }),
      namespace('payments', { 'admission.gatekeeper.sh/ignore': 'yes' }),
      kyverno,
      gatekeeper,
    ]);
    expect(findingKeys(result)).toEqual(['Namespace/kyverno/kyverno']);
    expect(result.applicable).toBe(3);
    expect(result.findings[0].message).toBe(
      'Namespace "kyverno" has no Pod Security Admission label restricting pods (enforce, audit and warn are unset or privileged) and no policy engine\'s validating webhook checks its pods: Kyverno webhook "kyverno-resource-validating-webhook-cfg/validate.kyverno.svc-fail" does not select this namespace; Gatekeeper webhook "gatekeeper-validating-webhook-configuration/validation.gatekeeper.sh" does not select this namespace',
    );
    expect(result.findings[0].evidence).toEqual({
      enforce: 'privileged',
      audit: 'privileged',
      warn: 'privileged',
      policyEngineWebhooks: [
        'Kyverno: kyverno-resource-validating-webhook-cfg/validate.kyverno.svc-fail',
        'Gatekeeper: gatekeeper-validating-webhook-configuration/validation.gatekeeper.sh',
      ],
    });
    const onlyGatekeeper = evaluateControl(policyControlMechanism, [
      namespace('payments', { 'admission.gatekeeper.sh/ignore': 'yes' }),
      gatekeeper,
    ]);
    expect(onlyGatekeeper.findings[0].message).toContain(
      'Gatekeeper webhook "gatekeeper-validating-webhook-configuration/validation.gatekeeper.sh" does not select this namespace',
    );
  });

  it('does not count webhooks of other tools, nor engine webhooks that do not check pod creation', () => {
    const result = evaluateControl(policyControlMechanism, [
      namespace('web'),
      validatingWebhooks('cert-manager-webhook', [
        { name: 'webhook.cert-manager.io', rules: [podRule] },
      ]),
      validatingWebhooks('kyverno-policy-validating-webhook-cfg', [
        {
          name: 'validate-policy.kyverno.svc',
          rules: [
            {
              apiGroups: ['kyverno.io'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['clusterpolicies', 'policies'],
            },
          ],
        },
        {
          name: 'validate.kyverno.svc-ignore',
          rules: [{ ...podRule, operations: ['DELETE'] }],
        },
        {
          name: 'validate.kyverno.svc-fail',
          rules: [podRule],
          // Only pods carrying this label are sent: not a namespace-wide policy.
          objectSelector: { matchLabels: { 'policy.example/check': 'yes' } },
        },
      ]),
    ]);
    expect(findingKeys(result)).toEqual(['Namespace/web/web']);
    expect(result.findings[0].message).toBe(
      'Namespace "web" has no Pod Security Admission label restricting pods (enforce, audit and warn are unset or privileged) and no policy engine\'s validating webhook (Kyverno, Gatekeeper) checks its pods',
    );
  });

  it('reads rules as the API server matches them: wildcards, scope, a missing namespaceSelector', () => {
    const rule = (extra: Record<string, unknown>) => ({
      ...podRule,
      apiGroups: ['*'],
      ...extra,
    });
    const covers = (rules: unknown[]) =>
      evaluateControl(policyControlMechanism, [
        namespace('web'),
        validatingWebhooks('kyverno', [
          { name: 'validate.kyverno.svc-fail', rules },
        ]),
      ]).findings.length === 0;
    expect(covers([rule({ resources: ['*/*'], operations: ['*'] })])).toBe(
      true,
    );
    expect(covers([rule({ scope: '*' })])).toBe(true);
    expect(covers([rule({ scope: 'Cluster' })])).toBe(false);
    expect(covers([rule({ resources: ['pods/exec'] })])).toBe(false);
    expect(covers([rule({ apiGroups: ['apps'] })])).toBe(false);
    expect(covers([])).toBe(false);
  });

  it('is unknown when webhook configurations could not be read', () => {
    const [result] = evaluateInventory(
      withUnavailable(
        inventoryOf(namespace('web')),
        'validatingwebhookconfigurations',
      ),
      { controls: [policyControlMechanism] },
    );
    expect(result.status).toBe('unknown');
  });
});
