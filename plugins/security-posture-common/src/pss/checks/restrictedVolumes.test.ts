import { container, runCheck } from '../__testUtils__/pods';

describe('restrictedVolumes', () => {
  it('allows ephemeral and PersistentVolume-backed sources, and volumes defaulted to emptyDir', () => {
    const spec = {
      containers: [container('a')],
      volumes: [
        { name: 'defaulted' },
        { name: 'a', configMap: { name: 'c' } },
        { name: 'b', csi: { driver: 'd' } },
        { name: 'c', downwardAPI: {} },
        { name: 'd', emptyDir: {} },
        { name: 'e', ephemeral: {} },
        { name: 'f', image: { reference: 'registry/image:1' } },
        { name: 'g', persistentVolumeClaim: { claimName: 'c' } },
        { name: 'h', projected: {} },
        { name: 'i', secret: { secretName: 's' } },
      ],
    };
    expect(runCheck('restrictedVolumes', 0, spec).allowed).toBe(true);
  });

  it('denies other and unknown volume sources', () => {
    const spec = {
      containers: [container('a')],
      volumes: [
        { name: 'host', hostPath: { path: '/' } },
        { name: 'nfs', nfs: { server: 's', path: '/' } },
        { name: 'future', somethingNew: {} },
        { name: 'ok', emptyDir: {} },
      ],
    };
    expect(runCheck('restrictedVolumes', 37, spec)).toMatchObject({
      allowed: false,
      forbiddenContainers: [],
      forbiddenReason: 'restricted volume types',
      forbiddenDetail:
        'volumes "host", "nfs", "future" use restricted volume types "hostPath", "nfs", "somethingNew"',
    });
  });
});
