import { evaluatePodSecurityCheck } from '../registry';
import { container, runCheck } from '../__testUtils__/pods';

describe('hostProbesAndHostLifecycle', () => {
  const probing = (host: string) =>
    container('app', undefined, {
      livenessProbe: { httpGet: { host } },
      lifecycle: { preStop: { tcpSocket: { host: 'evil.example' } } },
    });

  it('does not exist before v1.34', () => {
    expect(
      evaluatePodSecurityCheck(
        'hostProbesAndHostLifecycle',
        { major: 1, minor: 33 },
        {},
        {
          containers: [probing('10.0.0.1')],
        },
      ),
    ).toBeUndefined();
  });

  it('allows probes and handlers without a host', () => {
    const spec = {
      containers: [
        container('a', undefined, {
          readinessProbe: { httpGet: { host: '' } },
          startupProbe: { tcpSocket: {} },
          lifecycle: { postStart: { httpGet: {} } },
        }),
      ],
    };
    expect(runCheck('hostProbesAndHostLifecycle', 34, spec).allowed).toBe(true);
  });

  it('denies probe and lifecycle hosts from v1.34', () => {
    expect(
      runCheck('hostProbesAndHostLifecycle', 34, {
        containers: [probing('10.0.0.1')],
      }),
    ).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'probe or lifecycle host',
      forbiddenDetail:
        'container "app" uses probe or lifecycle hosts "10.0.0.1", "evil.example"',
    });
  });
});
