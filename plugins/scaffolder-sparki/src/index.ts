/**
 * Scaffolder form fields of the Sparki environment templates.
 *
 * @packageDocumentation
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: SparkiVpcCidr`: VPC CIDR input showing the CIDRs already taken. */
const vpcCidrFormField = FormFieldBlueprint.make({
  name: 'sparki-vpc-cidr',
  params: {
    field: () => import('./fields/formFields').then(m => m.sparkiVpcCidrField),
  },
});

/** `ui:field: SparkiEnvironmentPreview`: resources per module and tier settings, before Create. */
const environmentPreviewFormField = FormFieldBlueprint.make({
  name: 'sparki-environment-preview',
  params: {
    field: () =>
      import('./fields/formFields').then(m => m.sparkiEnvironmentPreviewField),
  },
});

export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [vpcCidrFormField, environmentPreviewFormField],
});

export { VpcCidrField, vpcCidrValidation } from './fields/VpcCidrField';
export { fetchTakenCidrs, cidrProblems } from './fields/takenCidrs';
export { EnvironmentPreviewField } from './fields/EnvironmentPreviewField';
export type { TakenCidr } from './fields/takenCidrs';
