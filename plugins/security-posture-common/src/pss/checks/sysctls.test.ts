import { runCheck } from '../__testUtils__/pods';

const withSysctls = (...names: string[]) => ({
  containers: [],
  securityContext: { sysctls: names.map(name => ({ name, value: '1' })) },
});

describe('sysctls', () => {
  it('allows the safe set of v1.0', () => {
    expect(
      runCheck(
        'sysctls',
        0,
        withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ping_group_range'),
      ).allowed,
    ).toBe(true);
  });

  it('denies other sysctls, listing them', () => {
    expect(
      runCheck(
        'sysctls',
        37,
        withSysctls(
          'kernel.msgmax',
          'net.ipv4.tcp_syncookies',
          'vm.swappiness',
        ),
      ),
    ).toMatchObject({
      allowed: false,
      forbiddenContainers: [],
      forbiddenReason: 'forbidden sysctls',
      forbiddenDetail: 'kernel.msgmax, vm.swappiness',
    });
  });

  it.each([
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_slow_start_after_idle', 37],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ])('allows %s from v1.%d', (name, minor) => {
    expect(runCheck('sysctls', minor - 1, withSysctls(name)).allowed).toBe(
      false,
    );
    expect(runCheck('sysctls', minor, withSysctls(name)).allowed).toBe(true);
  });
});
