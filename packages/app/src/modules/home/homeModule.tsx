import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const welcome = `
## Sparki Portal

Self-service for the Sparki platform: environments, cluster security posture, the audit trail
and deploy approvals, all tied to the [Sparki system](/catalog/default/system/sparki).

- **Platform engineers**: [create an environment](/create) from the Terraform templates.
- **Auditors**: review the [EKS clusters](/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=kubernetes-cluster)
  and [AWS accounts](/catalog?filters%5Bkind%5D=resource&filters%5Btype%5D=aws-account) and their compliance evidence.
- **Release approvers**: see the [release approvers](/catalog/default/group/release-approvers) group and its services.
`;

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'sparki-welcome',
  params: {
    name: 'SparkiWelcome',
    title: 'Welcome to Sparki',
    description: 'What the portal offers to each role',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [welcomeWidget],
});
