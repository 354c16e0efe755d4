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

export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [vpcCidrFormField],
});

export { VpcCidrField, vpcCidrValidation } from './fields/VpcCidrField';
export { fetchTakenCidrs, cidrProblems } from './fields/takenCidrs';
export type { TakenCidr } from './fields/takenCidrs';
