import { Finding, ResourceRef } from '../../controls';
import { PolicyRule } from '../../rbac/rbacIndex';
import { defineControl, evaluation } from '../defineControl';

function wildcardFields(rule: PolicyRule): string[] {
  const fields: string[] = [];
  if (rule.verbs?.includes('*')) fields.push('verbs');
  if (
    rule.resources?.some(
      resource => resource === '*' || resource.startsWith('*/'),
    )
  )
    fields.push('resources');
  if (rule.apiGroups?.includes('*')) fields.push('apiGroups');
  return fields;
}

export const wildcardRoles = defineControl({
  id: 'rbac-wildcard-roles',
  title: 'Minimize wildcard use in Roles and ClusterRoles',
  frameworks: ['rbac'],
  cisKubernetes: '5.1.3',
  cisEks: '4.1.3',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'A wildcard grants today’s and tomorrow’s resources and verbs, including ones added by CRDs, so the role’s reach grows without anyone editing it.',
  remediation:
    'Replace "*" in verbs, resources and apiGroups with the explicit lists the subjects use (`kubectl auth can-i --list --as <subject>` helps find them).',
  requires: ['roles', 'clusterroles'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const role of context.rbac.roles) {
      if (role.builtIn) {
        continue;
      }
      applicable.push(role.ref);
      const offending = role.rules
        .map(rule => ({ rule, fields: wildcardFields(rule) }))
        .filter(({ fields }) => fields.length > 0);
      if (offending.length > 0) {
        const fields = [...new Set(offending.flatMap(o => o.fields))];
        findings.push({
          controlId: 'rbac-wildcard-roles',
          resource: role.ref,
          message: `${role.ref.kind} "${
            role.ref.name
          }" uses "*" in ${fields.join(', ')} (${offending.length} rule${
            offending.length === 1 ? '' : 's'
          })${role.lookalike ? `; it ${role.lookalike}` : ''}`,
          evidence: {
            rules: offending.map(o => o.rule),
            ...(role.lookalike ? { notExempt: role.lookalike } : {}),
          },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
