import type { EvidenceContentType } from './evidenceFiles';

/** How serious a control's failure is; the same scale as posture controls and audit-trail rules. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Where a check's raw result comes from; the backend plugs one source in per kind. */
export type CheckSource =
  | 'posture-control'
  | 'audit-trail'
  | 'catalog'
  | 'deploy'
  | 'attestation'
  | 'runbooks';

/**
 * One thing that can be observed, e.g. posture control `rbac-cluster-admin-bindings` or the
 * attestation `pen-test`. Checks are shared: one check may serve controls of several frameworks.
 */
export interface Check {
  /** `<source>:<reference>`, e.g. `posture-control:workload-host-pid`. */
  id: string;
  source: CheckSource;
  /** The source's own id: a posture control id, an audit-trail rule id, a catalog fact name… */
  reference: string;
  title: string;
  /** For attestation checks: what the attestation must show, e.g. "a pen test report". */
  evidenceRequired?: string;
}

export interface Control {
  /** Unique within its framework, e.g. `5.1.1` or `security.pen-test`. */
  id: string;
  title: string;
  description: string;
  rationale: string;
  remediation: string;
  /** Id of the runbook in `runbooks/` that explains the fix. */
  runbookId?: string;
  severity: Severity;
  /** Check ids; the control is satisfied only when every one of them passes. */
  requiredChecks: readonly string[];
}

export interface Framework {
  /** Stable kebab-case id, e.g. `cis-kubernetes`. */
  id: string;
  title: string;
  /** The framework's own version, e.g. `1.12.0`; a new version is a new data file. */
  version: string;
  /** The sections or areas the controls cover, e.g. `§5 Policies`. */
  section: string;
  controls: readonly Control[];
}

/** One row of the many-to-many mapping between controls and checks. */
export interface ControlCheckMapping {
  frameworkId: string;
  frameworkVersion: string;
  controlId: string;
  checkId: string;
}

export type ScopeKind = 'cluster' | 'namespace' | 'account' | 'entity';

/**
 * What a result, waiver or attestation is about. Ids: a cluster name, `cluster/namespace`, an AWS
 * account id (`123456789012` or `123456789012/eu-west-1` for one region), an entity ref.
 */
export interface ScopeRef {
  kind: ScopeKind;
  id: string;
}

/** Why a result is unknown: nothing collected, the collection failed, or the data is too old. */
export type UnknownReason = 'no-data' | 'error' | 'stale';

/** The states a source reports. */
export type RawCheckState = 'pass' | 'fail' | 'not-applicable' | 'unknown';

/** The states after waivers and attestations are applied. */
export type CheckState = RawCheckState | 'waived' | 'attested';

/** What a source observed for one check in one scope. */
export interface RawCheckResult {
  checkId: string;
  scope: ScopeRef;
  state: RawCheckState;
  /** Set exactly when `state` is `unknown`. */
  reason?: UnknownReason;
  /** ISO 8601: when the source observed it. */
  observedAt: string;
  /** How many objects the check judged and how many failed, when the source counts them. */
  population?: { applicable: number; failing: number };
  /** One sentence for people, e.g. `3 pods run privileged`. */
  message?: string;
}

/** A raw result with waivers and attestations applied; `raw` is kept as evidence. */
export interface CheckResult extends Omit<RawCheckResult, 'state'> {
  state: CheckState;
  raw: RawCheckResult;
  /** The waiver behind a `waived` state. */
  waiverId?: string;
  /** The attestation behind an `attested` state. */
  attestationId?: string;
  /** ISO 8601: when the waiver or attestation behind the state stops holding. */
  validUntil?: string;
}

/** A person, as a Backstage user entity ref, e.g. `user:default/alice`. */
export type UserRef = string;

/** What a requester asks for; becomes a `Waiver` once someone else approves it. */
export interface WaiverRequest {
  checkId: string;
  scope: ScopeRef;
  reason: string;
  requester: UserRef;
  /** ISO 8601. At most `maxWaiverDays` after the approval. */
  expiresAt: string;
}

/** An approved waiver: immutable; it is ended early only by a `WaiverRevocation`. */
export interface Waiver extends WaiverRequest {
  kind: 'waiver';
  id: string;
  approver: UserRef;
  /** ISO 8601: the waiver holds from here until `expiresAt` (exclusive). */
  approvedAt: string;
}

/** Ends a waiver from `revokedAt` on; a new record, the waiver itself is never edited. */
export interface WaiverRevocation {
  kind: 'waiver-revocation';
  id: string;
  waiverId: string;
  revokedBy: UserRef;
  revokedAt: string;
  reason: string;
}

export type WaiverRecord = Waiver | WaiverRevocation;

/**
 * An evidence file uploaded with an attestation: stored with that record only, never replaced
 * (a new attestation brings a new file). The content is served by
 * `GET /attestations/{id}/evidence-file`.
 */
export interface EvidenceFile {
  /** The uploaded file's name, sanitised: a label for the download, never a path. */
  name: string;
  /** One of `evidenceFileTypes`, checked against the content on upload. */
  contentType: EvidenceContentType;
  bytes: number;
  /** SHA-256 (hex) of the bytes, computed by the backend on upload. */
  sha256: string;
}

/** An https link to the evidence, an uploaded file, or both. */
export type AttestationEvidence =
  | { url: string; file?: EvidenceFile }
  | { url?: string; file: EvidenceFile };

/** Someone's statement, with evidence, that an attestation check is met. Immutable. */
export interface Attestation {
  kind: 'attestation';
  id: string;
  checkId: string;
  scope: ScopeRef;
  attestedBy: UserRef;
  evidence: AttestationEvidence;
  /** ISO 8601: when the attested activity was done (e.g. the pen test's report date). */
  attestedAt: string;
  /** ISO 8601: when it must be attested again. */
  expiresAt: string;
  note?: string;
}

/** Ends an attestation from `revokedAt` on. */
export interface AttestationRevocation {
  kind: 'attestation-revocation';
  id: string;
  attestationId: string;
  revokedBy: UserRef;
  revokedAt: string;
  reason: string;
}

export type AttestationRecord = Attestation | AttestationRevocation;
