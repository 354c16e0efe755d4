import type {
  Attestation,
  DetectionAcknowledgement,
  EvidenceFile,
  ScopeRef,
  ScoreSnapshot,
  UserRef,
} from '@sparki/compliance-common';
import type { ControlScore } from '@sparki/compliance-common';

export interface WaiverRequestRecord {
  id: string;
  checkId: string;
  scope: ScopeRef;
  reason: string;
  requester: UserRef;
  requestedAt: string;
  expiresAt: string;
}

export interface WaiverDecisionRecord {
  waiverId: string;
  decision: 'approved' | 'rejected';
  by: UserRef;
  at: string;
  comment?: string;
}

/** Ends a waiver or an attestation (`targetId`) from `revokedAt` on. */
export interface RevocationRecord {
  id: string;
  targetId: string;
  revokedBy: UserRef;
  revokedAt: string;
  reason: string;
}

/** A waiver request with its decision and revocation, as stored. */
export interface StoredWaiver {
  request: WaiverRequestRecord;
  decision?: WaiverDecisionRecord;
  revocation?: RevocationRecord;
}

export interface AttestationRecord extends Omit<Attestation, 'kind'> {
  recordedAt: string;
}

export interface StoredAttestation {
  attestation: AttestationRecord;
  revocation?: RevocationRecord;
}

export interface RegisterFilter {
  checkId?: string;
  scope?: ScopeRef;
  /** Newest first; default 500. */
  limit?: number;
}

/** A score snapshot as stored, with the control scores it was computed from. */
export interface StoredScoreSnapshot extends ScoreSnapshot {
  controls: ControlScore[];
  fingerprint: string;
}

export interface HistoryFilter {
  frameworkId: string;
  /** Absent: the roll-up over every scope. */
  scope?: ScopeRef;
  from?: string;
  to?: string;
  limit: number;
}

/**
 * The registers of the compliance plugin. Every record is written once and never changed (the
 * database refuses updates and deletes): a decision, a revocation or an acknowledgement is a new
 * row, and its uniqueness is what makes "decided once" hold across replicas.
 */
export interface ComplianceStore {
  insertWaiverRequest(request: WaiverRequestRecord): Promise<void>;
  /** False when the request was already decided (by anyone, on any replica). */
  insertWaiverDecision(decision: WaiverDecisionRecord): Promise<boolean>;
  /** False when the waiver was already revoked. */
  insertWaiverRevocation(revocation: RevocationRecord): Promise<boolean>;
  getWaiver(id: string): Promise<StoredWaiver | undefined>;
  listWaivers(filter: RegisterFilter): Promise<StoredWaiver[]>;

  /**
   * With `evidence.file`, `fileContent` is its bytes: stored with the attestation in one
   * transaction, as part of that record (never replaced).
   */
  insertAttestation(
    attestation: AttestationRecord,
    fileContent?: Buffer,
  ): Promise<void>;
  /** An attestation's uploaded evidence file with its bytes; undefined without one. */
  getEvidenceFile(
    attestationId: string,
  ): Promise<{ file: EvidenceFile; content: Buffer } | undefined>;
  /** False when the attestation was already revoked. */
  insertAttestationRevocation(revocation: RevocationRecord): Promise<boolean>;
  getAttestation(id: string): Promise<StoredAttestation | undefined>;
  listAttestations(filter: RegisterFilter): Promise<StoredAttestation[]>;

  /** False when the detection was already acknowledged. */
  insertAcknowledgement(ack: DetectionAcknowledgement): Promise<boolean>;
  listAcknowledgements(filter: {
    ruleId?: string;
  }): Promise<DetectionAcknowledgement[]>;

  /** Records that the notification `key` is sent; false when it already was (send it once). */
  claimNotification(key: string, sentAt: string): Promise<boolean>;

  insertScoreSnapshots(snapshots: StoredScoreSnapshot[]): Promise<void>;
  /** The newest snapshot of every framework and scope (what the next snapshot compares with). */
  latestScoreSnapshots(): Promise<StoredScoreSnapshot[]>;
  /** Oldest first, within from–to (inclusive). */
  scoreHistory(filter: HistoryFilter): Promise<StoredScoreSnapshot[]>;
  /** The last snapshot taken at or before `asOf`. */
  scoreSnapshotAt(
    frameworkId: string,
    scope: ScopeRef | undefined,
    asOf: string,
  ): Promise<StoredScoreSnapshot | undefined>;
}
