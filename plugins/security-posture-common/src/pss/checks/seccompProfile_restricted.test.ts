import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('seccompProfile_restricted', () => {
  const unset = {
    containers: [
      container('app'),
      container('ok', { seccompProfile: { type: 'RuntimeDefault' } }),
    ],
  };

  it('does not exist before v1.19 and overrides seccompProfile_baseline', () => {
    expect(
      evaluatePodSecurityCheck(
        'seccompProfile_restricted',
        { major: 1, minor: 18 },
        {},
        unset,
      ),
    ).toBeUndefined();
    expect(runCheck('seccompProfile_restricted', 19, unset).overrides).toEqual([
      'seccompProfile_baseline',
    ]);
  });

  it('allows a valid pod-level profile covering containers, or one in every container', () => {
    expect(
      runCheck('seccompProfile_restricted', 19, {
        securityContext: { seccompProfile: { type: 'Localhost' } },
        containers: [container('a')],
      }).allowed,
    ).toBe(true);
    expect(
      runCheck('seccompProfile_restricted', 19, {
        containers: [
          container('a', { seccompProfile: { type: 'RuntimeDefault' } }),
        ],
      }).allowed,
    ).toBe(true);
  });

  it('requires a profile where none is set', () => {
    expect(runCheck('seccompProfile_restricted', 19, unset)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'seccompProfile',
      forbiddenDetail:
        'pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    });
  });

  it('denies an explicit Unconfined profile even with a valid pod-level one', () => {
    const spec = {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        container('app', { seccompProfile: { type: 'Unconfined' } }),
      ],
    };
    expect(
      runCheck('seccompProfile_restricted', 37, spec).forbiddenDetail,
    ).toBe(
      'container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
    );
  });

  it('exempts Windows pods from v1.25', () => {
    const windows = { ...unset, os: { name: 'windows' } };
    expect(runCheck('seccompProfile_restricted', 24, windows).allowed).toBe(
      false,
    );
    expect(runCheck('seccompProfile_restricted', 25, windows).allowed).toBe(
      true,
    );
  });
});
