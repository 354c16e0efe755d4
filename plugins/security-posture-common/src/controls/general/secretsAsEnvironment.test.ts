import { secretsAsEnvironment } from './secretsAsEnvironment';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
} from '../../testUtils/fixtures';

describe('general-secrets-as-environment (CIS 5.4.1)', () => {
  it('fails containers reading Secrets through env or envFrom', () => {
    const result = evaluateControl(secretsAsEnvironment, [
      deployment(
        'web',
        'app',
        hardenedSpec({
          containers: [
            container('key', {
              env: [
                {
                  name: 'PASSWORD',
                  valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
                },
              ],
            }),
            container('all', {
              envFrom: [{ secretRef: { name: 'api-keys' } }],
            }),
            container('configmap', {
              envFrom: [{ configMapRef: { name: 'settings' } }],
              env: [{ name: 'A', value: 'b' }],
            }),
          ],
        }),
      ),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/web/app/key',
      'Deployment/web/app/all',
    ]);
    expect(result.findings[0].message).toBe(
      'Deployment "web/app": container "key" reads Secrets from environment variables: PASSWORD (secret "db")',
    );
  });

  it('passes Secrets mounted as files', () => {
    const result = evaluateControl(secretsAsEnvironment, [
      deployment(
        'web',
        'app',
        hardenedSpec({
          volumes: [{ name: 's', secret: { secretName: 'db' } }],
        }),
      ),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });
});
