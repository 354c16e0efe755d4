import { ApiClusterSource } from '../config/clusters';
import { createKubeConfig } from './kubeConfig';

describe('createKubeConfig', () => {
  it('signs an EKS token with the assumed role credentials for every new config', async () => {
    const source: ApiClusterSource = {
      type: 'api',
      name: 'sparki-prod',
      url: 'https://prod.eks.amazonaws.com',
      caData: 'Q0E=',
      skipTLSVerify: false,
      auth: {
        provider: 'aws',
        clusterId: 'prod-eks',
        assumeRole: 'arn:aws:iam::333333333333:role/posture-reader',
      },
    };
    const awsCredentials = jest.fn(() => async () => ({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
    }));
    const kubeConfig = await createKubeConfig(source, { awsCredentials });
    expect(awsCredentials).toHaveBeenCalledWith(source);
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://prod.eks.amazonaws.com',
      caData: 'Q0E=',
      skipTLSVerify: false,
    });
    const token = kubeConfig.getCurrentUser()?.token ?? '';
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
    );
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKID\//);
  });

  it('uses a configured service account token as is', async () => {
    const kubeConfig = await createKubeConfig({
      type: 'api',
      name: 'sparki-staging',
      url: 'https://staging',
      skipTLSVerify: false,
      auth: { provider: 'serviceAccount', token: 'sa-token' },
    });
    expect(kubeConfig.getCurrentUser()?.token).toBe('sa-token');
  });
});
