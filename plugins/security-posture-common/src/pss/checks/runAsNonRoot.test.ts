import { container, runCheck } from '../__testUtils__/pods';

describe('runAsNonRoot', () => {
  it('allows pod-level runAsNonRoot=true, or every container setting it', () => {
    expect(
      runCheck('runAsNonRoot', 0, {
        securityContext: { runAsNonRoot: true },
        containers: [container('a')],
      }).allowed,
    ).toBe(true);
    expect(
      runCheck('runAsNonRoot', 0, {
        containers: [container('a', { runAsNonRoot: true })],
      }).allowed,
    ).toBe(true);
  });

  it('denies explicit runAsNonRoot=false even when the pod sets true', () => {
    const spec = {
      securityContext: { runAsNonRoot: true },
      containers: [container('app', { runAsNonRoot: false }), container('ok')],
    };
    expect(runCheck('runAsNonRoot', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: ['app'],
      forbiddenReason: 'runAsNonRoot != true',
      forbiddenDetail:
        'container "app" must not set securityContext.runAsNonRoot=false',
    });
  });

  it('denies containers left unset without a pod-level true', () => {
    const spec = {
      containers: [container('app'), container('ok', { runAsNonRoot: true })],
    };
    expect(runCheck('runAsNonRoot', 37, spec).forbiddenDetail).toBe(
      'pod or container "app" must set securityContext.runAsNonRoot=true',
    );
  });

  it('attributes a pod-level runAsNonRoot=false to the pod, not to containers', () => {
    const spec = {
      securityContext: { runAsNonRoot: false },
      containers: [container('app')],
    };
    expect(runCheck('runAsNonRoot', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: [],
      forbiddenDetail: 'pod must not set securityContext.runAsNonRoot=false',
    });
  });
});
