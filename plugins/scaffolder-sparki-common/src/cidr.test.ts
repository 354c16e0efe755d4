import {
  formatAddress,
  isPrivate,
  overlaps,
  parseCidr,
  Ipv4Network,
} from './cidr';

const network = (cidr: string) => parseCidr(cidr) as Ipv4Network;

describe('parseCidr', () => {
  it('parses a network', () => {
    expect(parseCidr('10.40.0.0/16')).toEqual({
      cidr: '10.40.0.0/16',
      start: 10 * 2 ** 24 + 40 * 2 ** 16,
      end: 10 * 2 ** 24 + 40 * 2 ** 16 + 65535,
      prefix: 16,
    });
  });

  it.each([
    ['10.40.0/16', 'is not an IPv4 CIDR'],
    ['10.40.0.0', 'is not an IPv4 CIDR'],
    ['10.256.0.0/16', 'has an octet above 255'],
    ['10.0.0.0/33', 'has a prefix above /32'],
    ['10.40.1.0/16', 'has host bits set; the network address is 10.40.0.0/16'],
  ])('explains why %s is refused', (cidr, reason) => {
    expect(parseCidr(cidr)).toEqual({ error: expect.stringContaining(reason) });
  });
});

describe('overlaps', () => {
  it('detects containment and partial overlap, not adjacency', () => {
    expect(overlaps(network('10.20.0.0/16'), network('10.20.128.0/20'))).toBe(
      true,
    );
    expect(overlaps(network('10.0.0.0/8'), network('10.30.0.0/16'))).toBe(true);
    expect(overlaps(network('10.20.0.0/16'), network('10.21.0.0/16'))).toBe(
      false,
    );
  });
});

describe('isPrivate', () => {
  it('accepts RFC 1918 ranges only', () => {
    expect(isPrivate(network('172.16.0.0/16'))).toBe(true);
    expect(isPrivate(network('192.168.0.0/16'))).toBe(true);
    expect(isPrivate(network('172.32.0.0/16'))).toBe(false);
    expect(isPrivate(network('8.8.0.0/16'))).toBe(false);
  });
});

it('formats addresses', () => {
  expect(formatAddress(network('192.168.4.0/22').start)).toBe('192.168.4.0');
});
