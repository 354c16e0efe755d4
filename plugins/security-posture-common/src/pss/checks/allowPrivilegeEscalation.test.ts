import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('allowPrivilegeEscalation', () => {
  const unset = {
    containers: [
      container('app'),
      container('ok', { allowPrivilegeEscalation: false }),
    ],
  };

  it('does not exist before v1.8', () => {
    expect(
      evaluatePodSecurityCheck(
        'allowPrivilegeEscalation',
        { major: 1, minor: 7 },
        {},
        unset,
      ),
    ).toBeUndefined();
  });

  it('requires allowPrivilegeEscalation=false in every container', () => {
    const spec = {
      initContainers: [container('init', { allowPrivilegeEscalation: true })],
      ...unset,
    };
    expect(runCheck('allowPrivilegeEscalation', 8, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['init', 'app'],
      forbiddenReason: 'allowPrivilegeEscalation != false',
      forbiddenDetail:
        'containers "init", "app" must set securityContext.allowPrivilegeEscalation=false',
    });
    expect(
      runCheck('allowPrivilegeEscalation', 8, {
        containers: [container('ok', { allowPrivilegeEscalation: false })],
      }).allowed,
    ).toBe(true);
  });

  it('exempts Windows pods from v1.25', () => {
    const windows = { ...unset, os: { name: 'windows' } };
    expect(runCheck('allowPrivilegeEscalation', 24, windows).allowed).toBe(
      false,
    );
    expect(runCheck('allowPrivilegeEscalation', 25, windows).allowed).toBe(
      true,
    );
    expect(
      runCheck('allowPrivilegeEscalation', 25, {
        ...unset,
        os: { name: 'linux' },
      }).allowed,
    ).toBe(false);
  });
});
