import {
  AwsCredentialProvider,
  AwsCredentialsManager,
} from '@backstage/integration-aws-node';

/**
 * SDK credentials of an account from Backstage's `aws.accounts` config (static keys, a
 * profile, or a role assumed from the main account); the default chain when the account is
 * not configured or none is given.
 */
export function awsCredentials(
  manager: AwsCredentialsManager,
  accountId?: string,
): AwsCredentialProvider['sdkCredentialProvider'] {
  return async () => {
    const { sdkCredentialProvider } = await manager.getCredentialProvider(
      accountId ? { accountId } : {},
    );
    return sdkCredentialProvider();
  };
}
