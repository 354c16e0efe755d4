import { Grant } from './rbacIndex';

/**
 * The bindings that are not upstream defaults and bind a service account, directly or through the
 * `system:serviceaccounts[:<namespace>]` groups, including those whose role is unknown
 * (`roleSource: 'unknown'`). Returns a lookup by (namespace, name) answering in constant time.
 */
export function serviceAccountsWithGrants(
  grants: Grant[],
): (namespace: string, name: string) => Grant[] {
  const direct = new Map<string, Grant[]>();
  const byNamespaceGroup = new Map<string, Grant[]>();
  const allServiceAccounts: Grant[] = [];
  const push = (map: Map<string, Grant[]>, key: string, grant: Grant) => {
    const list = map.get(key) ?? [];
    list.push(grant);
    map.set(key, list);
  };
  for (const grant of grants) {
    if (grant.builtIn) {
      continue;
    }
    for (const subject of grant.subjects) {
      if (subject.kind === 'ServiceAccount') {
        push(direct, `${subject.namespace}/${subject.name}`, grant);
      } else if (
        subject.kind === 'Group' &&
        subject.name === 'system:serviceaccounts'
      ) {
        allServiceAccounts.push(grant);
      } else if (
        subject.kind === 'Group' &&
        subject.name.startsWith('system:serviceaccounts:')
      ) {
        push(
          byNamespaceGroup,
          subject.name.slice('system:serviceaccounts:'.length),
          grant,
        );
      }
    }
  }
  return (namespace, name) => [
    ...(direct.get(`${namespace}/${name}`) ?? []),
    ...(byNamespaceGroup.get(namespace) ?? []),
    ...allServiceAccounts,
  ];
}
