import { container, runCheck } from '../__testUtils__/pods';

const prefix = 'container.apparmor.security.beta.kubernetes.io/';

describe('appArmorProfile', () => {
  it('allows runtime/default, localhost/* and empty annotations, and allowed profile types', () => {
    const metadata = {
      annotations: {
        [`${prefix}a`]: 'runtime/default',
        [`${prefix}b`]: 'localhost/custom',
        [`${prefix}c`]: '',
      },
    };
    const spec = {
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [
        container('a', {
          appArmorProfile: { type: 'Localhost', localhostProfile: 'p' },
        }),
      ],
    };
    expect(runCheck('appArmorProfile', 0, spec, metadata).allowed).toBe(true);
  });

  it('denies unconfined annotations', () => {
    const metadata = {
      annotations: { [`${prefix}app`]: 'unconfined', other: 'unconfined' },
    };
    expect(
      runCheck(
        'appArmorProfile',
        37,
        { containers: [container('app')] },
        metadata,
      ),
    ).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'forbidden AppArmor profile',
      forbiddenDetail: `${prefix}app="unconfined"`,
    });
  });

  it('denies the Unconfined profile type at pod or container level', () => {
    const spec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [
        container('app', { appArmorProfile: { type: 'Unconfined' } }),
      ],
    };
    expect(runCheck('appArmorProfile', 30, spec).forbiddenDetail).toBe(
      'pod and container "app" must not set securityContext.appArmorProfile.type to "Unconfined"',
    );
  });
});
