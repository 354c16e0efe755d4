import { seccompProfile } from './seccompProfile';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
} from '../../testUtils/fixtures';

describe('general-seccomp-profile (CIS 5.6.2)', () => {
  it('fails containers without a confining profile, honouring container over pod settings', () => {
    const result = evaluateControl(seccompProfile, [
      deployment('web', 'none', { containers: [container('app')] }),
      deployment('web', 'unconfined', {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          container('app', {
            securityContext: { seccompProfile: { type: 'Unconfined' } },
          }),
        ],
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/web/none/app',
      'Deployment/web/unconfined/app',
    ]);
    expect(result.findings[1].message).toBe(
      'Deployment "web/unconfined": container "app" runs with seccomp Unconfined',
    );
  });

  it('passes RuntimeDefault and Localhost at pod or container level', () => {
    const result = evaluateControl(seccompProfile, [
      deployment('web', 'pod', hardenedSpec()),
      deployment('web', 'windows', {
        os: { name: 'windows' },
        containers: [container('iis')],
      }),
      deployment('web', 'container', {
        containers: [
          container('app', {
            securityContext: {
              seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
            },
          }),
        ],
      }),
    ]);
    expect(result).toMatchObject({ applicable: 3, findings: [] });
  });
});
