import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@smithy/types';

/** EKS accepts a token for 15 minutes at most; we sign for 60 s and sign again at every scan. */
const tokenLifetimeSeconds = 60;

export interface EksTokenOptions {
  /** The EKS cluster name, sent as `x-k8s-aws-id` and covered by the signature. */
  clusterId: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Regional STS endpoint when set; the global `sts.amazonaws.com` (us-east-1) otherwise. */
  region?: string;
  /** Signing time; tests pin it. */
  now?: Date;
}

/**
 * The bearer token `aws eks get-token` produces: `k8s-aws-v1.` followed by the unpadded base64url
 * of a presigned STS GetCallerIdentity URL. The API server's authenticator replays the URL to
 * learn the caller's IAM identity, so no secret leaves this process.
 */
export async function createEksToken(
  options: EksTokenOptions,
): Promise<string> {
  const region = options.region ?? 'us-east-1';
  const hostname = options.region
    ? `sts.${region}.amazonaws.com`
    : 'sts.amazonaws.com';
  const signer = new SignatureV4({
    credentials: options.credentials,
    region,
    service: 'sts',
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': options.clusterId },
    },
    { expiresIn: tokenLifetimeSeconds, signingDate: options.now },
  );
  const query = Object.entries(signed.query ?? {})
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
  const url = `https://${hostname}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url, 'utf8').toString('base64url')}`;
}
