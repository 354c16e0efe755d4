import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/frontend-plugin-api';

/** The forge's pages: the changes at `/`, one change at `/changes/:id`. */
export const rootRouteRef = createRouteRef();

/** A template's page of the scaffolder, where "Request decommission" leads (pre-filled). */
export const selectedTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
