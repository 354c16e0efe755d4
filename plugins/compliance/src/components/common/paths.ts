import { useRouteRef } from '@backstage/frontend-plugin-api';
import type { CheckState, ScopeRef } from '@sparki/compliance-common';
import { scopeKey } from '@sparki/compliance-common';
import {
  controlRouteRef,
  frameworkRouteRef,
  registersRouteRef,
  reportRouteRef,
  rootRouteRef,
} from '../../routes';

function withQuery(path: string, query: Record<string, string | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Links between the compliance pages, scope (and state) carried in the query string. Undefined
 * functions when the app does not mount the compliance page (e.g. an entity card on its own).
 */
export function useCompliancePaths() {
  const root = useRouteRef(rootRouteRef);
  const framework = useRouteRef(frameworkRouteRef);
  const control = useRouteRef(controlRouteRef);
  const registers = useRouteRef(registersRouteRef);
  const report = useRouteRef(reportRouteRef);
  return {
    overview: root ? () => root() : undefined,
    framework: framework
      ? (frameworkId: string, scope?: ScopeRef) =>
          withQuery(framework({ frameworkId }), {
            scope: scope && scopeKey(scope),
          })
      : undefined,
    control: control
      ? (
          frameworkId: string,
          controlId: string,
          options: { scope?: ScopeRef; state?: CheckState } = {},
        ) =>
          withQuery(control({ frameworkId, controlId }), {
            scope: options.scope && scopeKey(options.scope),
            state: options.state,
          })
      : undefined,
    registers: registers ? () => registers() : undefined,
    report: report
      ? (frameworkId: string, scope?: ScopeRef) =>
          withQuery(report({ frameworkId }), {
            scope: scope && scopeKey(scope),
          })
      : undefined,
  };
}
