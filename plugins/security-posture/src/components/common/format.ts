import type { Framework, Severity } from '@sparki/security-posture-common';

/** A score as people read it; null is "No data", never 0 % or 100 %. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return 'No data';
  return `${Number.isInteger(score) ? score : score.toFixed(1)} %`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export const frameworkLabels: Record<Framework, string> = {
  'pss-baseline': 'PSS baseline',
  'pss-restricted': 'PSS restricted',
  'network-policy': 'NetworkPolicy',
  rbac: 'RBAC',
  'cis-kubernetes': 'CIS Kubernetes',
  'cis-eks': 'CIS EKS',
};

export const severityOrder: Record<Severity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

export type ScoreTone = 'success' | 'warning' | 'error' | 'default';

/** Green from 90 %, amber from 70 %, red below; grey when there is no score. */
export function scoreTone(score: number | null | undefined): ScoreTone {
  if (score === null || score === undefined) return 'default';
  if (score >= 90) return 'success';
  if (score >= 70) return 'warning';
  return 'error';
}
