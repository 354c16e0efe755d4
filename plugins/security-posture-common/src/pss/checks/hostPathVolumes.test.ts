import { container, runCheck } from '../__testUtils__/pods';

describe('hostPathVolumes', () => {
  it('allows pods without hostPath volumes', () => {
    const spec = {
      containers: [container('a')],
      volumes: [
        { name: 'tmp', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'c' } },
      ],
    };
    expect(runCheck('hostPathVolumes', 0, spec).allowed).toBe(true);
  });

  it('denies hostPath volumes, naming them', () => {
    const spec = {
      containers: [container('a')],
      volumes: [
        { name: 'docker-sock', hostPath: { path: '/var/run/docker.sock' } },
        { name: 'tmp', emptyDir: {} },
        { name: 'root', hostPath: { path: '/' } },
      ],
    };
    expect(runCheck('hostPathVolumes', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: [],
      forbiddenReason: 'hostPath volumes',
      forbiddenDetail: 'volumes "docker-sock", "root"',
    });
  });
});
