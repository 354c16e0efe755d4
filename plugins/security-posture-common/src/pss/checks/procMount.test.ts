import { container, runCheck } from '../__testUtils__/pods';

describe('procMount', () => {
  const unmasked = {
    containers: [
      container('app', { procMount: 'Unmasked' }),
      container('ok', { procMount: 'Default' }),
    ],
  };

  it('allows the default proc mount', () => {
    expect(
      runCheck('procMount', 0, {
        containers: [container('a', { procMount: 'Default' }), container('b')],
      }).allowed,
    ).toBe(true);
  });

  it('denies an unmasked proc mount', () => {
    expect(runCheck('procMount', 34, unmasked)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'procMount',
      forbiddenDetail:
        'container "app" must not set securityContext.procMount to "Unmasked"',
    });
  });

  it('exempts user-namespace pods from v1.35 only', () => {
    const userNamespaced = { ...unmasked, hostUsers: false };
    expect(runCheck('procMount', 34, userNamespaced).allowed).toBe(false);
    expect(runCheck('procMount', 35, userNamespaced).allowed).toBe(true);
    expect(
      runCheck('procMount', 35, { ...unmasked, hostUsers: true }).allowed,
    ).toBe(false);
  });
});
