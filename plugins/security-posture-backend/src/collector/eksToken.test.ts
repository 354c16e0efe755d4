import { createEksToken } from './eksToken';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};

function decode(token: string): URL {
  expect(token.startsWith('k8s-aws-v1.')).toBe(true);
  const encoded = token.slice('k8s-aws-v1.'.length);
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

describe('createEksToken', () => {
  const now = new Date('2026-11-21T23:45:00Z');

  it('presigns GetCallerIdentity for 60 s with the cluster name as a signed header', async () => {
    const url = decode(
      await createEksToken({ clusterId: 'sparki-prod', credentials, now }),
    );
    expect(url.origin).toBe('https://sts.amazonaws.com');
    expect(url.pathname).toBe('/');
    const query = url.searchParams;
    expect(query.get('Action')).toBe('GetCallerIdentity');
    expect(query.get('Version')).toBe('2011-06-15');
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261121/us-east-1/sts/aws4_request',
    );
    expect(query.get('X-Amz-Date')).toBe('20261121T234500Z');
    expect(query.get('X-Amz-Expires')).toBe('60');
    expect(query.get('X-Amz-Security-Token')).toBe('session-token');
    expect(query.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs for the regional endpoint when a region is set', async () => {
    const url = decode(
      await createEksToken({
        clusterId: 'sparki-prod',
        credentials,
        region: 'eu-west-1',
        now,
      }),
    );
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261121/eu-west-1/sts/aws4_request',
    );
  });

  it('binds the signature to the cluster name and the credentials', async () => {
    const signature = async (
      clusterId: string,
      secretAccessKey = credentials.secretAccessKey,
    ) =>
      decode(
        await createEksToken({
          clusterId,
          credentials: { ...credentials, secretAccessKey },
          now,
        }),
      ).searchParams.get('X-Amz-Signature');
    const prod = await signature('sparki-prod');
    expect(await signature('sparki-prod')).toBe(prod);
    expect(await signature('sparki-dev')).not.toBe(prod);
    expect(await signature('sparki-prod', 'another-secret')).not.toBe(prod);
  });

  it('resolves a credential provider (e.g. an assumed role) at signing time', async () => {
    const provider = jest.fn(async () => credentials);
    const url = decode(
      await createEksToken({
        clusterId: 'sparki-prod',
        credentials: provider,
        now,
      }),
    );
    expect(provider).toHaveBeenCalled();
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\//);
  });
});
