import { container, runCheck } from '../__testUtils__/pods';

describe('hostPorts', () => {
  it('allows container ports without a host port, or with host port 0', () => {
    const spec = {
      containers: [
        container('a', undefined, {
          ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 0 }],
        }),
      ],
    };
    expect(runCheck('hostPorts', 0, spec).allowed).toBe(true);
  });

  it('denies host ports, listing containers and ports', () => {
    const spec = {
      initContainers: [
        container('init', undefined, {
          ports: [{ containerPort: 1, hostPort: 9090 }],
        }),
      ],
      containers: [
        container('app', undefined, {
          ports: [{ containerPort: 8080, hostPort: 8080 }],
        }),
        container('ok', undefined, { ports: [{ containerPort: 80 }] }),
      ],
    };
    expect(runCheck('hostPorts', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['init', 'app'],
      forbiddenReason: 'hostPort',
      forbiddenDetail: 'containers "init", "app" use hostPorts 8080, 9090',
    });
  });
});
