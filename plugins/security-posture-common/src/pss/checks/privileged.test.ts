import { container, runCheck } from '../__testUtils__/pods';

describe('privileged', () => {
  it('allows containers that are not privileged', () => {
    const spec = {
      containers: [container('a'), container('b', { privileged: false })],
      initContainers: [container('init', {})],
    };
    expect(runCheck('privileged', 0, spec).allowed).toBe(true);
  });

  it('denies privileged init, regular and ephemeral containers, naming each', () => {
    const spec = {
      initContainers: [container('init', { privileged: true })],
      containers: [container('app', { privileged: true }), container('ok')],
      ephemeralContainers: [container('debug', { privileged: true })],
    };
    expect(runCheck('privileged', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['init', 'app', 'debug'],
      forbiddenReason: 'privileged',
      forbiddenDetail:
        'containers "init", "app", "debug" must not set securityContext.privileged=true',
    });
  });
});
