import { container, runCheck } from '../__testUtils__/pods';

describe('windowsHostProcess', () => {
  it('allows unset or false hostProcess', () => {
    const spec = {
      securityContext: { windowsOptions: { hostProcess: false } },
      containers: [container('a', { windowsOptions: {} }), container('b')],
    };
    expect(runCheck('windowsHostProcess', 0, spec).allowed).toBe(true);
  });

  it('denies hostProcess at pod and container level', () => {
    const spec = {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [container('app', { windowsOptions: { hostProcess: true } })],
    };
    expect(runCheck('windowsHostProcess', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'hostProcess',
      forbiddenDetail:
        'pod and container "app" must not set securityContext.windowsOptions.hostProcess=true',
    });
  });
});
