import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('procMount_restricted', () => {
  const userNamespacedUnmasked = {
    hostUsers: false,
    containers: [container('app', { procMount: 'Unmasked' })],
  };

  it('does not exist before v1.35 (baseline procMount covers restricted until then)', () => {
    expect(
      evaluatePodSecurityCheck(
        'procMount_restricted',
        { major: 1, minor: 34 },
        {},
        userNamespacedUnmasked,
      ),
    ).toBeUndefined();
  });

  it('denies an unmasked proc mount also in user-namespace pods, overriding procMount', () => {
    expect(
      runCheck('procMount_restricted', 35, userNamespacedUnmasked),
    ).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'procMount',
      forbiddenDetail:
        'container "app" must not set securityContext.procMount to "Unmasked"',
      overrides: ['procMount'],
    });
    expect(
      runCheck('procMount_restricted', 35, {
        hostUsers: false,
        containers: [container('a', { procMount: 'Default' })],
      }).allowed,
    ).toBe(true);
  });
});
