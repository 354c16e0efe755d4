import type {
  ControlCheckState,
  ControlStatus,
  ScoreFigures,
  ScoreMode,
} from './score';
import type {
  Attestation,
  AttestationRevocation,
  Check,
  CheckResult,
  CheckSource,
  Control,
  Framework,
  ScopeRef,
  UserRef,
  WaiverRevocation,
} from './types';

/*
 * Wire shapes of the compliance backend's HTTP API (`/api/compliance`, described by
 * plugins/compliance-backend/openapi.yaml). The backend answers with them and the frontend reads
 * them: declared once, here. Scores are fractions 0–1 (null: nothing to score), times ISO 8601.
 */

/** A framework without its controls. */
export type FrameworkSummary = Omit<Framework, 'controls'>;

/** The figures of one framework in one scope (or over every scope: the worst result counts). */
export interface ScopeScore {
  /** Absent for the roll-up over every scope. */
  scope?: ScopeRef;
  operational: ScoreFigures;
  audit: ScoreFigures;
  /** Distinct waivers in force behind the waived checks. */
  waivers: number;
  waivedChecks: number;
  controlsByStatus: Record<ControlStatus, number>;
}

/** A source that could not be read fully: its data is shown as unknown, never as pass. */
export interface SourceProblem {
  /** The check source's id, e.g. `posture`. */
  source: string;
  /** The scope it could not read; absent when the whole source failed. */
  scope?: ScopeRef;
  /** One sentence, e.g. `cluster sparki-prod: RBAC not readable`. */
  message: string;
}

/** What a source read: its snapshot's id and hash, kept with every score as evidence. */
export interface SourceSnapshotRef {
  source: string;
  /** The source's own id of what it read, e.g. `cluster:sparki-prod:snapshot:42`. */
  id: string;
  /** SHA-256 (hex) of the snapshot's canonical content. */
  sha256: string;
  /** When the source's data was taken. */
  takenAt: string;
}

/** One framework in `GET /overview[?worstScopes=&scope=]`. */
export interface FrameworkOverview extends ScopeScore {
  framework: FrameworkSummary;
  /**
   * The framework's worst scopes, worst first (lowest conservative audit score): at most
   * `worstScopes` (default 10) of its `scopeCount`. With `?scope=`, only that scope's figures
   * (empty when it has none for this framework). Every scope: `GET /frameworks/{id}/scopes`.
   */
  scopes: ScopeScore[];
  /** How many scopes have results for the framework (all of them, not only those listed). */
  scopeCount: number;
}

/** `GET /overview`: every framework with its roll-up and its worst scopes. */
export interface ComplianceOverview {
  methodVersion: string;
  /** When the results behind these figures were evaluated. */
  evaluatedAt: string;
  frameworks: FrameworkOverview[];
  sources: SourceSnapshotRef[];
  problems: SourceProblem[];
}

/** A control in `GET /frameworks/{id}`: its metadata and status in the selected scope. */
export interface ControlSummary
  extends Pick<Control, 'id' | 'title' | 'severity' | 'runbookId'> {
  status: ControlStatus;
  progress: Record<ScoreMode, number | null>;
  conservativeProgress: Record<ScoreMode, number | null>;
  /** Scopes in which the control fails (over every scope) or 0/1 (in one scope). */
  failingScopes: number;
  /** Scopes in which it has no usable data. */
  unknownScopes: number;
  /**
   * Its waived checks (summed over the scopes without `scope`). A control whose checks are all
   * waived has no operational progress (waivers drop out of it) but is still `waived`.
   */
  waivedChecks: number;
}

/** `GET /frameworks/{frameworkId}[?scope=]`. */
export interface FrameworkDetail {
  methodVersion: string;
  evaluatedAt: string;
  framework: FrameworkSummary;
  /** The figures in the selected scope, or over every scope. */
  score: ScopeScore;
  /**
   * How many scopes have results for the framework (0 with `scope`); their figures, worst
   * first, a page at a time: `GET /frameworks/{frameworkId}/scopes` (`ScopeScorePage`).
   */
  scopeCount: number;
  controls: ControlSummary[];
  problems: SourceProblem[];
}

/** Default and largest `limit` of `GET /frameworks/{frameworkId}/scopes`. */
export const scopePageLimits = { default: 25, max: 100 } as const;

/**
 * `GET /frameworks/{frameworkId}/scopes?offset=&limit=`: one page of the framework's scopes,
 * worst first (the order of the overview), offset-paginated over one cached evaluation.
 */
export interface ScopeScorePage {
  /** The scopes `offset` to `offset + limit - 1`; empty past the end. */
  items: ScopeScore[];
  /** Every scope with results for the framework. */
  total: number;
  offset: number;
  limit: number;
}

/** Default and largest `worstScopes` of `GET /overview`. */
export const overviewWorstScopes = { default: 10, max: 100 } as const;

/** The most scopes `ControlDetail.scopes` lists: the worst ones. */
export const controlScopesLimit = 100;

/** A check's effective result in one scope, with the check's metadata. */
export interface CheckResultView extends CheckResult {
  check: Check;
}

/** `GET /frameworks/{frameworkId}/controls/{controlId}`: the control and a page of its results. */
export interface ControlDetail {
  evaluatedAt: string;
  framework: FrameworkSummary;
  control: Control;
  /** The control's checks with their metadata. */
  checks: Check[];
  /**
   * The control's status per scope, worst first: the worst `controlScopesLimit` (100) of
   * `scopeCount`. With `scope`, that scope's alone (empty when it has no results).
   */
  scopes: Array<{ scope: ScopeRef; status: ControlStatus }>;
  /** The scopes `scopes` is taken from: every scope of the framework, or 0/1 with `scope`. */
  scopeCount: number;
  /** One result per check and scope, worst first (fail, unknown, waived, attested, pass, n/a). */
  results: CheckResultView[];
  /** Results matching the filters; `results` is one page of them. */
  total: number;
  /** Absent on the last page. */
  nextCursor?: string;
}

/**
 * An object a check judged, e.g. a failing pod or the CloudTrail event of a detection. `ref` lets
 * the frontend open the object at its source (a posture finding, an audit-trail event).
 */
export interface CheckResource {
  kind: string;
  name: string;
  namespace?: string;
  container?: string;
  /** `fail`, or `unknown` when the source could not judge it. */
  state: 'fail' | 'unknown';
  message: string;
  evidence?: Record<string, unknown>;
  ref: { source: CheckSource; id: string };
}

/** `GET /frameworks/{frameworkId}/controls/{controlId}/resources`: one page, keyset-paginated. */
export interface CheckResourcePage {
  items: CheckResource[];
  /** Absent on the last page. */
  nextCursor?: string;
  /** False when the check's source lists no objects (e.g. attestations). */
  supported: boolean;
}

export type WaiverState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'revoked'
  | 'expired';

/**
 * A waiver request and what became of it. The request, its decision and its revocation are
 * separate immutable records; `state` is derived from them at `now`.
 */
export interface WaiverView {
  id: string;
  checkId: string;
  scope: ScopeRef;
  reason: string;
  requester: UserRef;
  requestedAt: string;
  expiresAt: string;
  state: WaiverState;
  decision?: {
    decision: 'approved' | 'rejected';
    by: UserRef;
    at: string;
    comment?: string;
  };
  revocation?: Omit<WaiverRevocation, 'kind' | 'waiverId'>;
}

export type AttestationState = 'current' | 'expired' | 'revoked';

export interface AttestationView extends Omit<Attestation, 'kind'> {
  recordedAt: string;
  state: AttestationState;
  revocation?: Omit<AttestationRevocation, 'kind' | 'attestationId'>;
}

/** `GET /waivers`, `GET /attestations`: the registers, newest first. */
export interface RegisterPage<T> {
  items: T[];
}

/** One stored score snapshot of a framework in a scope (absent scope: over every scope). */
export interface ScoreSnapshot extends ScopeScore {
  id: string;
  frameworkId: string;
  frameworkVersion: string;
  methodVersion: string;
  takenAt: string;
  /** What the sources had read when the snapshot was taken. */
  sources: SourceSnapshotRef[];
  /** Why it was taken: the daily snapshot, or a change of the figures or the sources. */
  trigger: 'daily' | 'change';
}

/** `GET /history?framework=&scope=&from=&to=&asOf=`: oldest first. */
export interface ScoreHistory {
  frameworkId: string;
  scope?: ScopeRef;
  points: ScoreSnapshot[];
  /** With `asOf`: the last snapshot taken at or before it, i.e. what was known then. */
  asOf?: ScoreSnapshot | null;
}

/** One control's state in one stored score snapshot. */
export interface ControlHistoryPoint {
  /** The score snapshot it is read from (`ScoreSnapshot.id`). */
  snapshotId: string;
  takenAt: string;
  trigger: ScoreSnapshot['trigger'];
  /** A change from the previous point marks a method change on a chart. */
  methodVersion: string;
  frameworkVersion: string;
  status: ControlStatus;
  progress: Record<ScoreMode, number | null>;
  conservativeProgress: Record<ScoreMode, number | null>;
  /** Each required check's state then. */
  checks: ControlCheckState[];
  /** What the sources had read when the snapshot was taken. */
  sources: SourceSnapshotRef[];
}

/**
 * `GET /frameworks/{frameworkId}/controls/{controlId}/history?scope=&from=&to=&limit=`: oldest
 * first, from the stored score snapshots; a snapshot of a framework version without the control
 * has no point.
 */
export interface ControlHistory {
  frameworkId: string;
  controlId: string;
  /** Absent: over every scope. */
  scope?: ScopeRef;
  points: ControlHistoryPoint[];
}

/** An audit-trail detection's triage: acknowledged by a person with a note. Immutable. */
export interface DetectionAcknowledgement {
  eventId: string;
  ruleId: string;
  acknowledgedBy: UserRef;
  acknowledgedAt: string;
  note: string;
}

/** The body of `POST /waivers`; the requester is the signed-in caller. */
export type WaiverRequestBody = Pick<
  WaiverView,
  'checkId' | 'scope' | 'reason' | 'expiresAt'
>;

/** The body of `POST /waivers/{id}/approve` and `/reject` (a rejection needs a comment). */
export interface WaiverDecisionBody {
  comment?: string;
}

/** The body of `POST /waivers/{id}/revoke` and `POST /attestations/{id}/revoke`. */
export interface RevocationBody {
  reason: string;
}

/**
 * The body of `POST /attestations`: JSON, or the `attestation` part of a multipart upload whose
 * `file` part is the evidence file (`attestationUploadParts`). The attester is the signed-in
 * caller, and the file's name, type, size and hash are the backend's reading of the upload.
 */
export type AttestationBody = Pick<
  Attestation,
  'checkId' | 'scope' | 'attestedAt' | 'expiresAt' | 'note'
> & { evidence: { url?: string } };

/** The body of `POST /detections/{eventId}/acknowledge`. */
export interface AcknowledgeBody {
  ruleId: string;
  note: string;
}
