import {
  comparePodSecurityLevels,
  formatPodSecurityLevelVersion,
  formatPodSecurityVersion,
  namespacePodSecurityPolicy,
  parsePodSecurityLevel,
  parsePodSecurityVersion,
} from './policy';

describe('levels and versions', () => {
  it('parses levels', () => {
    expect(parsePodSecurityLevel('restricted')).toBe('restricted');
    expect(parsePodSecurityLevel('Restricted')).toBeUndefined();
    expect(parsePodSecurityLevel(undefined)).toBeUndefined();
  });

  it('orders levels by strictness', () => {
    expect(comparePodSecurityLevels('privileged', 'baseline')).toBe(-1);
    expect(comparePodSecurityLevels('restricted', 'baseline')).toBe(1);
    expect(comparePodSecurityLevels('baseline', 'baseline')).toBe(0);
  });

  it.each([
    ['latest', 'latest'],
    ['v1.0', { major: 1, minor: 0 }],
    ['v1.37', { major: 1, minor: 37 }],
    ['v1.120', { major: 1, minor: 120 }],
  ])('parses %s', (text, version) => {
    expect(parsePodSecurityVersion(text)).toEqual(version);
    expect(formatPodSecurityVersion(parsePodSecurityVersion(text)!)).toBe(text);
  });

  it.each(['1.25', 'v1.025', 'v2.0', 'v1.', 'Latest', 'v1.25.0', ''])(
    'rejects %j',
    text => {
      expect(parsePodSecurityVersion(text)).toBeUndefined();
    },
  );

  it('formats a level and version', () => {
    expect(
      formatPodSecurityLevelVersion({
        level: 'baseline',
        version: { major: 1, minor: 30 },
      }),
    ).toBe('baseline:v1.30');
  });
});

describe('namespacePodSecurityPolicy', () => {
  it('defaults every mode to privileged/latest without labels', () => {
    const { policy, errors } = namespacePodSecurityPolicy(undefined);
    expect(errors).toEqual([]);
    for (const mode of ['enforce', 'audit', 'warn'] as const) {
      expect(policy[mode]).toEqual({ level: 'privileged', version: 'latest' });
    }
  });

  it('reads level and version labels per mode', () => {
    const { policy, errors } = namespacePodSecurityPolicy({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'restricted',
      'kubernetes.io/metadata.name': 'apps',
    });
    expect(errors).toEqual([]);
    expect(policy).toEqual({
      enforce: { level: 'baseline', version: { major: 1, minor: 29 } },
      audit: { level: 'privileged', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    });
  });

  it('uses the given defaults for missing labels', () => {
    const defaults = {
      enforce: { level: 'baseline', version: 'latest' },
      audit: { level: 'restricted', version: 'latest' },
      warn: { level: 'restricted', version: 'latest' },
    } as const;
    expect(namespacePodSecurityPolicy({}, defaults).policy).toEqual(defaults);
  });

  it('fails closed for an invalid enforce level, open for audit and warn, and reports each', () => {
    const { policy, errors } = namespacePodSecurityPolicy({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/audit': 'strict',
      'pod-security.kubernetes.io/warn-version': 'v1.x',
    });
    expect(policy.enforce).toEqual({ level: 'restricted', version: 'latest' });
    expect(policy.audit.level).toBe('privileged');
    expect(policy.warn.version).toBe('latest');
    expect(errors.map(e => e.label)).toEqual([
      'pod-security.kubernetes.io/enforce',
      'pod-security.kubernetes.io/audit',
      'pod-security.kubernetes.io/warn-version',
    ]);
    expect(errors[0].message).toMatch(
      /must be one of privileged, baseline, restricted/,
    );
  });
});
