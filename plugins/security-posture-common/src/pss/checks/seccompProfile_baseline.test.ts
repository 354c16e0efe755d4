import { container, runCheck } from '../__testUtils__/pods';

describe('seccompProfile_baseline', () => {
  describe('v1.0 to v1.18: annotations', () => {
    it('allows runtime/default, docker/default and localhost/* annotations', () => {
      const metadata = {
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
          'container.seccomp.security.alpha.kubernetes.io/app':
            'localhost/profile.json',
          'container.seccomp.security.alpha.kubernetes.io/init':
            'docker/default',
        },
      };
      const spec = {
        initContainers: [container('init')],
        containers: [container('app')],
      };
      expect(
        runCheck('seccompProfile_baseline', 18, spec, metadata).allowed,
      ).toBe(true);
    });

    it('denies unconfined annotations of the pod and of its containers only', () => {
      const metadata = {
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
          'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined',
          'container.seccomp.security.alpha.kubernetes.io/not-in-pod':
            'unconfined',
        },
      };
      expect(
        runCheck(
          'seccompProfile_baseline',
          0,
          { containers: [container('app')] },
          metadata,
        ),
      ).toMatchObject({
        allowed: false,
        forbiddenContainers: ['app'],
        forbiddenReason: 'seccompProfile',
        forbiddenDetail:
          'forbidden annotations container.seccomp.security.alpha.kubernetes.io/app="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
      });
    });

    it('ignores the securityContext field', () => {
      const spec = {
        securityContext: { seccompProfile: { type: 'Unconfined' } },
        containers: [container('a')],
      };
      expect(runCheck('seccompProfile_baseline', 18, spec).allowed).toBe(true);
    });
  });

  describe('v1.19+: securityContext.seccompProfile', () => {
    it('allows unset, RuntimeDefault and Localhost', () => {
      const spec = {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          container('a', {
            seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
          }),
          container('b'),
        ],
      };
      expect(runCheck('seccompProfile_baseline', 19, spec).allowed).toBe(true);
    });

    it('denies Unconfined at pod or container level', () => {
      const spec = {
        securityContext: { seccompProfile: { type: 'Unconfined' } },
        containers: [
          container('app', { seccompProfile: { type: 'Unconfined' } }),
        ],
      };
      expect(
        runCheck('seccompProfile_baseline', 37, spec).forbiddenDetail,
      ).toBe(
        'pod and container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
      );
    });

    it('ignores the alpha annotations', () => {
      const metadata = {
        annotations: {
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
        },
      };
      expect(
        runCheck(
          'seccompProfile_baseline',
          19,
          { containers: [container('a')] },
          metadata,
        ).allowed,
      ).toBe(true);
    });
  });
});
