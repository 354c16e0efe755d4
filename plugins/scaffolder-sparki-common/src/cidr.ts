/** An IPv4 network: first address and prefix length. */
export interface Ipv4Network {
  cidr: string;
  start: number;
  end: number;
  prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses an IPv4 CIDR, or explains why it is not one. */
export function parseCidr(cidr: string): Ipv4Network | { error: string } {
  const match = CIDR_PATTERN.exec(cidr.trim());
  if (!match) {
    return { error: `"${cidr}" is not an IPv4 CIDR such as 10.40.0.0/16` };
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some(octet => octet > 255)) {
    return { error: `"${cidr}" has an octet above 255` };
  }
  if (prefix > 32) {
    return { error: `"${cidr}" has a prefix above /32` };
  }
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    const network = Math.floor(address / size) * size;
    return {
      error: `"${cidr}" has host bits set; the network address is ${formatAddress(
        network,
      )}/${prefix}`,
    };
  }
  return { cidr: cidr.trim(), start: address, end: address + size - 1, prefix };
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0]
    .map(shift => Math.floor(address / 2 ** shift) % 256)
    .join('.');
}

export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.start <= b.end && b.start <= a.end;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  range => parseCidr(range) as Ipv4Network,
);

/** True when the network lies entirely in an RFC 1918 private range. */
export function isPrivate(network: Ipv4Network): boolean {
  return PRIVATE_RANGES.some(
    range => network.start >= range.start && network.end <= range.end,
  );
}
