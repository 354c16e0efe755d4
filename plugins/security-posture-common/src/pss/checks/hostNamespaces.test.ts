import { container, runCheck } from '../__testUtils__/pods';

describe('hostNamespaces', () => {
  it('allows pods that do not share host namespaces', () => {
    const spec = {
      containers: [container('a')],
      hostNetwork: false,
      hostPID: false,
    };
    expect(runCheck('hostNamespaces', 0, spec).allowed).toBe(true);
  });

  it.each(['hostNetwork', 'hostPID', 'hostIPC'])('denies %s', field => {
    const result = runCheck('hostNamespaces', 37, {
      containers: [container('a')],
      [field]: true,
    });
    expect(result).toMatchObject({
      allowed: false,
      forbiddenContainers: [],
      forbiddenReason: 'host namespaces',
      forbiddenDetail: `${field}=true`,
    });
  });

  it('lists every shared namespace', () => {
    const spec = {
      containers: [],
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
    };
    expect(runCheck('hostNamespaces', 10, spec).forbiddenDetail).toBe(
      'hostIPC=true, hostNetwork=true, hostPID=true',
    );
  });
});
