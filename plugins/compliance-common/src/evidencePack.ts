import type { FrameworkSummary, SourceSnapshotRef } from './api';
import type { ScopeRef, UserRef } from './types';

/*
 * The evidence pack of `GET /api/compliance/evidence-pack` (a tar.gz), shared by the backend
 * that writes it and the frontend that downloads it and shows the manifest's hash.
 */

/**
 * The response header holding the SHA-256 (hex) of the pack's `manifest.json`, exactly as stored
 * in the archive: an auditor compares it with the file, and the file lists every other file's hash.
 */
export const evidencePackManifestHeader = 'Evidence-Manifest-Sha256';

export interface EvidencePackQuery {
  framework: string;
  /** `<kind>:<id>`, e.g. `cluster:sparki-prod`; absent: every scope. */
  scope?: string;
  /** ISO 8601; default 90 days before `to`. */
  from?: string;
  /** ISO 8601; default now. */
  to?: string;
}

/** The pack's path under the compliance backend's base URL, with its query. */
export function evidencePackPath(query: EvidencePackQuery): string {
  const params = new URLSearchParams({ framework: query.framework });
  for (const key of ['scope', 'from', 'to'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return `/evidence-pack?${params}`;
}

/** One file of the pack, as listed in the manifest. */
export interface EvidencePackFile {
  path: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  bytes: number;
  /** Data rows (CSV without its header, JSON array items). */
  rows: number;
  description: string;
}

/** `manifest.json`: what the pack covers, who made it, and every other file with its hash. */
export interface EvidencePackManifest {
  packFormatVersion: 1;
  framework: FrameworkSummary;
  methodVersion: string;
  /** Absent: every scope of the framework. */
  scope?: ScopeRef;
  /** The history and the registers cover this window (ISO 8601, inclusive). */
  period: { from: string; to: string };
  generatedBy: UserRef;
  generatedAt: string;
  /** When the results in the pack were evaluated (a cached evaluation may be older). */
  evaluatedAt: string;
  /** What the results were read from, with the hashes the sources gave. */
  sources: SourceSnapshotRef[];
  /** Data that could not be read or listed fully: shown as such, never as complete. */
  problems: string[];
  files: EvidencePackFile[];
}
