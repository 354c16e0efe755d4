import { Control, Finding, ResourceRef } from '../../controls';
import {
  AccessRequest,
  describeGrantScope,
  describeSubject,
  grantAllows,
  grantEvidence,
  Grant,
  undeterminedGrants,
} from '../../rbac/rbacIndex';
import { defineControl, evaluation } from '../defineControl';

type AccessControlDefinition = Omit<
  Parameters<typeof defineControl>[0],
  'evaluate' | 'requires'
> & {
  /** The accesses that fail the control, each with how a finding names it. */
  accesses: Array<{ request: AccessRequest; describe: string }>;
};

/**
 * A control of the form "minimize who can do X": judges every binding that is not an upstream
 * default (see `upstreamDefaultReason`) and fails those that grant any of the accesses to some
 * subject. A binding whose role cannot be known is left out and makes a passing result `unknown`.
 * Needs only the bindings: roles the inventory lacks (a manifest scan, or ClusterRoles the
 * collector was refused) are taken from the Kubernetes defaults or left undetermined.
 */
export function defineAccessControl(
  definition: AccessControlDefinition,
): Control {
  const { accesses, ...metadata } = definition;
  return defineControl({
    ...metadata,
    frameworks: ['rbac', ...(metadata.frameworks ?? [])],
    requires: ['rolebindings', 'clusterrolebindings'],
    evaluate(context) {
      const applicable: ResourceRef[] = [];
      const findings: Finding[] = [];
      const undetermined: Grant[] = [];
      // Every grant, in each of a dozen controls: an indexed loop, as `for...of` allocates an
      // iterator per loop until the JIT has optimized it.
      const grants = context.rbac.grants;
      for (let g = 0; g < grants.length; g++) {
        const grant = grants[g];
        if (grant.builtIn || grant.subjects.length === 0) {
          continue;
        }
        // Most grants allow none of the accesses: build nothing for them.
        let granted:
          | Array<{ access: (typeof accesses)[number]; verbs: string[] }>
          | undefined;
        for (let i = 0; i < accesses.length; i++) {
          const access = accesses[i];
          const verbs = grantAllows(grant, access.request);
          if (verbs.length > 0) (granted ??= []).push({ access, verbs });
        }
        if (!granted) {
          // What the grant allows beyond the rules seen is unknown: not a pass.
          if (grant.undetermined) undetermined.push(grant);
          else applicable.push(grant.binding);
          continue;
        }
        applicable.push(grant.binding);
        const what = granted.map(
          ({ access, verbs }) => `${verbs.join('/')} ${access.describe}`,
        );
        const extra = grantEvidence(grant, context.rbac);
        findings.push({
          controlId: metadata.id,
          resource: grant.binding,
          message: `${grant.binding.kind} "${
            grant.binding.name
          }" lets ${grant.subjects.map(describeSubject).join(', ')} ${what.join(
            ', ',
          )} ${describeGrantScope(grant)} (via ${grant.role.kind} "${
            grant.role.name
          }")${grant.lookalike ? `; it ${grant.lookalike}` : ''}`,
          evidence: {
            subjects: grant.subjects,
            role: grant.role,
            scope: grant.namespace ?? '*',
            granted: granted.map(({ access, verbs }) => ({
              access: access.describe,
              verbs,
            })),
            roleSource: extra.roleSource,
            notExempt: extra.notExempt,
            incomplete: extra.incomplete,
          },
        });
      }
      // Written out, not spread (see `builtInFields` in rbacIndex.ts).
      const judged = evaluation(applicable, findings);
      return {
        applicable: judged.applicable,
        findings: judged.findings,
        applicableByNamespace: judged.applicableByNamespace,
        undetermined: undeterminedGrants(undetermined).undetermined,
      };
    },
  });
}
