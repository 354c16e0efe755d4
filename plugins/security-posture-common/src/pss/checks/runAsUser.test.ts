import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('runAsUser', () => {
  const root = {
    securityContext: { runAsUser: 0 },
    containers: [
      container('app', { runAsUser: 0 }),
      container('ok', { runAsUser: 1000 }),
    ],
  };

  it('does not exist before v1.23', () => {
    expect(
      evaluatePodSecurityCheck('runAsUser', { major: 1, minor: 22 }, {}, root),
    ).toBeUndefined();
  });

  it('allows non-zero and unset users', () => {
    expect(
      runCheck('runAsUser', 23, {
        securityContext: { runAsUser: 1 },
        containers: [container('a')],
      }).allowed,
    ).toBe(true);
  });

  it('denies runAsUser=0 at pod and container level', () => {
    expect(runCheck('runAsUser', 37, root)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'runAsUser=0',
      forbiddenDetail: 'pod and container "app" must not set runAsUser=0',
    });
  });
});
