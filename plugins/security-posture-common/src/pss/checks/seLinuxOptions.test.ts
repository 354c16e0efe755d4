import { container, runCheck } from '../__testUtils__/pods';

describe('seLinuxOptions', () => {
  it('allows container types and a level', () => {
    const spec = {
      securityContext: {
        seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' },
      },
      containers: [
        container('a', { seLinuxOptions: { type: 'container_init_t' } }),
      ],
      initContainers: [container('b', { seLinuxOptions: {} })],
    };
    expect(runCheck('seLinuxOptions', 0, spec).allowed).toBe(true);
  });

  it('denies other types, users and roles', () => {
    const spec = {
      securityContext: { seLinuxOptions: { type: 'spc_t' } },
      containers: [
        container('app', {
          seLinuxOptions: { user: 'system_u', role: 'system_r' },
        }),
      ],
    };
    expect(runCheck('seLinuxOptions', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'seLinuxOptions',
      forbiddenDetail:
        'pod and container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set',
    });
  });

  it('allows container_engine_t from v1.31', () => {
    const spec = {
      containers: [
        container('a', { seLinuxOptions: { type: 'container_engine_t' } }),
      ],
    };
    expect(runCheck('seLinuxOptions', 30, spec).allowed).toBe(false);
    expect(runCheck('seLinuxOptions', 31, spec).allowed).toBe(true);
  });
});
