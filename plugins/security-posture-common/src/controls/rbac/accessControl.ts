import { Control, Finding, ResourceRef } from '../../controls';
import {
  AccessRequest,
  describeGrantScope,
  describeSubject,
  grantAllows,
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
 * A control of the form "minimize who can do X": judges every binding that is not built in
 * (see `isBuiltInRbacObject`) and fails those that grant any of the accesses to some subject.
 */
export function defineAccessControl(
  definition: AccessControlDefinition,
): Control {
  const { accesses, ...metadata } = definition;
  return defineControl({
    ...metadata,
    frameworks: ['rbac', ...(metadata.frameworks ?? [])],
    requires: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
    evaluate(context) {
      const applicable: ResourceRef[] = [];
      const findings: Finding[] = [];
      for (const grant of context.rbac.grants) {
        if (grant.builtIn || grant.subjects.length === 0) {
          continue;
        }
        applicable.push(grant.binding);
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
          continue;
        }
        const what = granted.map(
          ({ access, verbs }) => `${verbs.join('/')} ${access.describe}`,
        );
        findings.push({
          controlId: metadata.id,
          resource: grant.binding,
          message: `${grant.binding.kind} "${
            grant.binding.name
          }" lets ${grant.subjects.map(describeSubject).join(', ')} ${what.join(
            ', ',
          )} ${describeGrantScope(grant)} (via ${grant.role.kind} "${
            grant.role.name
          }")`,
          evidence: {
            subjects: grant.subjects,
            role: grant.role,
            scope: grant.namespace ?? '*',
            granted: granted.map(({ access, verbs }) => ({
              access: access.describe,
              verbs,
            })),
          },
        });
      }
      return evaluation(applicable, findings);
    },
  });
}
