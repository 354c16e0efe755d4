import type { DeploymentVersion, EntityRef, Override } from '../types';

/** `user:default/carol` → `carol`; other namespaces keep theirs: `group:ops/sre` → `ops/sre`. */
export function displayRef(ref: EntityRef): string {
  const withoutKind = ref.includes(':') ? ref.slice(ref.indexOf(':') + 1) : ref;
  return withoutKind.startsWith('default/')
    ? withoutKind.slice('default/'.length)
    : withoutKind;
}

export function displayVersion(version: DeploymentVersion): string {
  return version.tag ?? version.commitSha.slice(0, 7);
}

export function describeOverride(override: Override): string {
  return `overridden by ${displayRef(override.by)}: ${override.reason}`;
}

export function hoursBetween(from: number, to: number): number {
  return (to - from) / 3_600_000;
}

/** Whole numbers as they are, others to one decimal: "2 hours", "1.5 hours". */
export function formatAmount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function plural(count: number, word: string): string {
  return `${formatAmount(count)} ${word}${count === 1 ? '' : 's'}`;
}
