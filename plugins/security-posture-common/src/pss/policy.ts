import {
  PodSecurityLevel,
  PodSecurityLevelVersion,
  PodSecurityVersion,
} from './types';

export const podSecurityLevels: readonly PodSecurityLevel[] = [
  'privileged',
  'baseline',
  'restricted',
];

export function parsePodSecurityLevel(
  value: unknown,
): PodSecurityLevel | undefined {
  return podSecurityLevels.includes(value as PodSecurityLevel)
    ? (value as PodSecurityLevel)
    : undefined;
}

/** -1, 0 or 1 as `a` is less strict than, as strict as, or stricter than `b`. */
export function comparePodSecurityLevels(
  a: PodSecurityLevel,
  b: PodSecurityLevel,
): number {
  return Math.sign(podSecurityLevels.indexOf(a) - podSecurityLevels.indexOf(b));
}

const versionPattern = /^v1\.(0|[1-9][0-9]*)$/;

/** Parses `latest` or `v1.N` (no leading zeros, as upstream); undefined for anything else. */
export function parsePodSecurityVersion(
  value: unknown,
): PodSecurityVersion | undefined {
  if (value === 'latest') return 'latest';
  if (typeof value !== 'string') return undefined;
  const match = versionPattern.exec(value);
  if (!match) return undefined;
  const minor = Number(match[1]);
  return Number.isSafeInteger(minor) ? { major: 1, minor } : undefined;
}

export function formatPodSecurityVersion(version: PodSecurityVersion): string {
  return version === 'latest' ? 'latest' : `v${version.major}.${version.minor}`;
}

export function formatPodSecurityLevelVersion({
  level,
  version,
}: PodSecurityLevelVersion): string {
  return `${level}:${formatPodSecurityVersion(version)}`;
}

/** The modes a namespace can set a level and version for. */
export type PodSecurityMode = 'enforce' | 'audit' | 'warn';

export const podSecurityModes: readonly PodSecurityMode[] = [
  'enforce',
  'audit',
  'warn',
];

export const podSecurityLabelPrefix = 'pod-security.kubernetes.io/';

export function podSecurityLevelLabel(mode: PodSecurityMode): string {
  return `${podSecurityLabelPrefix}${mode}`;
}

export function podSecurityVersionLabel(mode: PodSecurityMode): string {
  return `${podSecurityLabelPrefix}${mode}-version`;
}

export type NamespacePodSecurityPolicy = Record<
  PodSecurityMode,
  PodSecurityLevelVersion
>;

/** A namespace label with an invalid value, and what was used instead. */
export interface PodSecurityLabelError {
  label: string;
  value: string;
  message: string;
}

/** What the admission controller applies when a namespace has no label: privileged, latest. */
export const defaultNamespacePodSecurityPolicy: NamespacePodSecurityPolicy =
  Object.freeze({
    enforce: Object.freeze({ level: 'privileged', version: 'latest' }),
    audit: Object.freeze({ level: 'privileged', version: 'latest' }),
    warn: Object.freeze({ level: 'privileged', version: 'latest' }),
  }) as NamespacePodSecurityPolicy;

/**
 * The policy a namespace's `pod-security.kubernetes.io/<mode>[-version]` labels select, as the
 * admission controller resolves it: a missing label falls back to `defaults` (the cluster's
 * AdmissionConfiguration defaults, privileged/latest unless configured); an invalid level fails
 * closed to restricted for enforce and open to privileged for audit and warn; an invalid version
 * is read as latest. Invalid labels are reported in `errors`.
 */
export function namespacePodSecurityPolicy(
  labels: Record<string, string> | null | undefined,
  defaults: NamespacePodSecurityPolicy = defaultNamespacePodSecurityPolicy,
): { policy: NamespacePodSecurityPolicy; errors: PodSecurityLabelError[] } {
  const errors: PodSecurityLabelError[] = [];
  const policy = {} as NamespacePodSecurityPolicy;
  for (const mode of podSecurityModes) {
    let { level, version } = defaults[mode];
    const levelLabel = podSecurityLevelLabel(mode);
    const levelValue = labels?.[levelLabel];
    if (levelValue !== undefined) {
      const parsed = parsePodSecurityLevel(levelValue);
      level = parsed ?? (mode === 'enforce' ? 'restricted' : 'privileged');
      if (!parsed) {
        errors.push({
          label: levelLabel,
          value: levelValue,
          message: `must be one of ${podSecurityLevels.join(
            ', ',
          )}; ${mode} uses ${level}`,
        });
      }
    }
    const versionLabel = podSecurityVersionLabel(mode);
    const versionValue = labels?.[versionLabel];
    if (versionValue !== undefined) {
      const parsed = parsePodSecurityVersion(versionValue);
      version = parsed ?? 'latest';
      if (!parsed) {
        errors.push({
          label: versionLabel,
          value: versionValue,
          message: `must be "latest" or "v1.x"; ${mode} uses latest`,
        });
      }
    }
    policy[mode] = { level, version };
  }
  return { policy, errors };
}
