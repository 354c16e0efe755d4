/* Shared test suite for the CIS §5.2 "minimize the admission of..." controls; used only by tests. */
/* eslint-disable jest/no-export -- a shared suite: each control's own test file calls it */
import { Control } from '../controls';
import {
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  namespace,
} from './fixtures';

export interface WorkloadAdmissionCase {
  /** Pod specs that violate the control, with the finding keys expected for a Deployment `bad`. */
  violating: Array<{
    spec: Record<string, any>;
    keys: string[];
    message?: string;
  }>;
  /** Pod specs that comply although close to the violation. */
  compliant: Array<Record<string, any>>;
  /** The Pod Security level that keeps such pods out. */
  preventedBy: 'baseline' | 'restricted';
}

export function describeWorkloadAdmissionControl(
  control: Control,
  testCase: WorkloadAdmissionCase,
) {
  const strictEnough = namespace('apps', {
    'pod-security.kubernetes.io/enforce': testCase.preventedBy,
  });

  describe(`${control.id} (CIS ${control.cisKubernetes})`, () => {
    it.each(testCase.violating.map((v, i) => [i, v] as const))(
      'fails violating workload #%i',
      (_i, violation) => {
        const result = evaluateControl(control, [
          strictEnough,
          deployment('apps', 'bad', violation.spec),
        ]);
        expect(findingKeys(result)).toEqual(violation.keys);
        expect(result.applicable).toBe(2);
      },
    );

    const withMessages = testCase.violating.filter(v => v.message);
    it.each(withMessages.map(v => [v.message!, v.spec] as const))(
      'words the finding: %s',
      (message, spec) => {
        const result = evaluateControl(control, [
          strictEnough,
          deployment('apps', 'bad', spec),
        ]);
        expect(result.findings[0].message).toBe(message);
      },
    );

    it('passes compliant workloads', () => {
      const result = evaluateControl(control, [
        strictEnough,
        ...testCase.compliant.map((spec, i) =>
          deployment('apps', `good-${i}`, spec),
        ),
      ]);
      expect(result.findings).toEqual([]);
      expect(result.applicable).toBe(1 + testCase.compliant.length);
    });

    it(`fails namespaces enforcing less than ${testCase.preventedBy}`, () => {
      const result = evaluateControl(control, [
        namespace('unlabelled'),
        namespace('privileged', {
          'pod-security.kubernetes.io/enforce': 'privileged',
        }),
        ...(testCase.preventedBy === 'restricted'
          ? [
              namespace('baseline', {
                'pod-security.kubernetes.io/enforce': 'baseline',
              }),
            ]
          : []),
        strictEnough,
        namespace('restricted', {
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
      ]);
      expect(findingKeys(result)).toEqual([
        'Namespace/unlabelled/unlabelled',
        'Namespace/privileged/privileged',
        ...(testCase.preventedBy === 'restricted'
          ? ['Namespace/baseline/baseline']
          : []),
      ]);
      expect(result.findings[0].message).toMatch(
        /pod-security.kubernetes.io\/enforce is not set/,
      );
    });

    it('skips system namespaces', () => {
      const result = evaluateControl(control, [
        namespace('kube-system'),
        deployment('kube-system', 'bad', testCase.violating[0].spec),
      ]);
      expect(result).toMatchObject({ applicable: 0, findings: [] });
    });
  });
}

/** `hardenedSpec` with the single container's securityContext merged with `securityContext`. */
export function hardenedWith(
  securityContext: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const spec = hardenedSpec(extra);
  spec.containers[0].securityContext = {
    ...spec.containers[0].securityContext,
    ...securityContext,
  };
  return spec;
}
