import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { EnvironmentPreviewField } from './EnvironmentPreviewField';
import { VpcCidrField, vpcCidrValidation } from './VpcCidrField';

export const sparkiVpcCidrField = createFormField({
  name: 'SparkiVpcCidr',
  component: VpcCidrField,
  validation: vpcCidrValidation,
});

export const sparkiEnvironmentPreviewField = createFormField({
  name: 'SparkiEnvironmentPreview',
  component: EnvironmentPreviewField,
});
