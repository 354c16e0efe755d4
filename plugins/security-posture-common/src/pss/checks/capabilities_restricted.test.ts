import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('capabilities_restricted', () => {
  const dropAll = { capabilities: { drop: ['ALL'] } };

  it('does not exist before v1.22 and overrides capabilities_baseline', () => {
    const spec = { containers: [container('a')] };
    expect(
      evaluatePodSecurityCheck(
        'capabilities_restricted',
        { major: 1, minor: 21 },
        {},
        spec,
      ),
    ).toBeUndefined();
    expect(runCheck('capabilities_restricted', 22, spec).overrides).toEqual([
      'capabilities_baseline',
    ]);
  });

  it('allows dropping ALL and adding back only NET_BIND_SERVICE', () => {
    const spec = {
      containers: [
        container('a', {
          capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
        }),
        container('b', dropAll),
      ],
    };
    expect(runCheck('capabilities_restricted', 22, spec).allowed).toBe(true);
  });

  it('denies containers that do not drop ALL or add other capabilities', () => {
    const spec = {
      initContainers: [container('init')],
      containers: [
        container('app', {
          capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE'] },
        }),
        container('partial', { capabilities: { drop: ['NET_RAW'] } }),
      ],
    };
    expect(runCheck('capabilities_restricted', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['init', 'app', 'partial'],
      forbiddenReason: 'unrestricted capabilities',
      forbiddenDetail:
        'containers "init", "partial" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN" in securityContext.capabilities.add',
    });
  });

  it('exempts Windows pods from v1.25', () => {
    const windows = { containers: [container('a')], os: { name: 'windows' } };
    expect(runCheck('capabilities_restricted', 24, windows).allowed).toBe(
      false,
    );
    expect(runCheck('capabilities_restricted', 25, windows).allowed).toBe(true);
  });
});
