import { container, runCheck } from '../__testUtils__/pods';

describe('capabilities_baseline', () => {
  it('allows adding capabilities of the default set and dropping any', () => {
    const spec = {
      containers: [
        container('a', {
          capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'], drop: ['ALL'] },
        }),
      ],
    };
    expect(runCheck('capabilities_baseline', 0, spec).allowed).toBe(true);
  });

  it('denies non-default capabilities', () => {
    const spec = {
      initContainers: [
        container('init', { capabilities: { add: ['SYS_ADMIN'] } }),
      ],
      containers: [
        container('app', {
          capabilities: { add: ['NET_RAW', 'CHOWN', 'SYS_ADMIN'] },
        }),
      ],
    };
    expect(runCheck('capabilities_baseline', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['init', 'app'],
      forbiddenReason: 'non-default capabilities',
      forbiddenDetail:
        'containers "init", "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    });
  });
});
