import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { VpcCidrField, vpcCidrValidation } from './VpcCidrField';

export const sparkiVpcCidrField = createFormField({
  name: 'SparkiVpcCidr',
  component: VpcCidrField,
  validation: vpcCidrValidation,
});
