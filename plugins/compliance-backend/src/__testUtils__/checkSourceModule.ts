import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  complianceCheckSourcesExtensionPoint,
  type ComplianceCheckSource,
} from '@sparki/compliance-node';

/** A backend module adding `source` through the compliance check-source extension point. */
export function checkSourceModule(
  moduleId: string,
  source: ComplianceCheckSource,
) {
  return createBackendModule({
    pluginId: 'compliance',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: complianceCheckSourcesExtensionPoint },
        async init({ sources }) {
          sources.addCheckSource(source);
        },
      });
    },
  });
}
