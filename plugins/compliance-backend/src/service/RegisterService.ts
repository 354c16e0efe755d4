import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { detectionRules } from '@sparki/audit-trail-common';
import {
  AttestationBody,
  AttestationView,
  CheckSource,
  getCheck,
  ScopeKind,
  DetectionAcknowledgement,
  EvidenceFile,
  ScopeRef,
  UserRef,
  validateAttestation,
  validateWaiverApproval,
  validateWaiverRequest,
  WaiverRequestBody,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';
import { randomUUID } from 'node:crypto';
import {
  ComplianceStore,
  StoredAttestation,
  StoredWaiver,
} from '../store/ComplianceStore';

/** ISO 8601 UTC with milliseconds, as stored (sorts as text). */
const iso = (time: string | Date) => new Date(time).toISOString();

export function waiverState(waiver: StoredWaiver, now: Date): WaiverState {
  if (waiver.decision?.decision === 'rejected') return 'rejected';
  if (waiver.revocation) return 'revoked';
  if (now.getTime() >= Date.parse(waiver.request.expiresAt)) return 'expired';
  return waiver.decision ? 'approved' : 'requested';
}

export function waiverView(waiver: StoredWaiver, now: Date): WaiverView {
  const { request, decision, revocation } = waiver;
  return {
    ...request,
    state: waiverState(waiver, now),
    ...(decision
      ? {
          decision: {
            decision: decision.decision,
            by: decision.by,
            at: decision.at,
            ...(decision.comment ? { comment: decision.comment } : {}),
          },
        }
      : {}),
    ...(revocation
      ? {
          revocation: {
            id: revocation.id,
            revokedBy: revocation.revokedBy,
            revokedAt: revocation.revokedAt,
            reason: revocation.reason,
          },
        }
      : {}),
  };
}

export function attestationView(
  stored: StoredAttestation,
  now: Date,
): AttestationView {
  const { attestation, revocation } = stored;
  let state: AttestationView['state'] = 'current';
  if (revocation) state = 'revoked';
  else if (now.getTime() >= Date.parse(attestation.expiresAt)) {
    state = 'expired';
  }
  return {
    ...attestation,
    state,
    ...(revocation
      ? {
          revocation: {
            id: revocation.id,
            revokedBy: revocation.revokedBy,
            revokedAt: revocation.revokedAt,
            reason: revocation.reason,
          },
        }
      : {}),
  };
}

/** Who made a record is the signed-in caller; a body naming someone is refused, not overridden. */
function refuseIdentity(body: object, field: string) {
  if (field in body) {
    throw new InputError(
      `Invalid body: ${field}: is the signed-in user; leave it out`,
    );
  }
}

/** The scope kinds a check's source reports in: a waiver elsewhere would never apply. */
const scopeKindsOfSource: Record<CheckSource, ScopeKind[]> = {
  'posture-control': ['cluster', 'namespace'],
  'audit-trail': ['account'],
  catalog: ['entity'],
  deploy: ['entity'],
  attestation: ['cluster', 'namespace', 'account', 'entity'],
  // Reported in the attestation scopes, whatever their kind.
  runbooks: ['cluster', 'namespace', 'account', 'entity'],
};

function scopeErrors(checkId: unknown, scope: unknown): string[] {
  const check = typeof checkId === 'string' ? getCheck(checkId) : undefined;
  const kind = (scope as { kind?: unknown } | undefined)?.kind;
  const allowed = check ? scopeKindsOfSource[check.source] : undefined;
  if (
    !allowed ||
    typeof kind !== 'string' ||
    allowed.includes(kind as ScopeKind)
  ) {
    return [];
  }
  return [
    `scope.kind: ${check!.source} checks are reported per ${allowed.join(
      ' or ',
    )}, not per ${kind}`,
  ];
}

function invalid(errors: string[]): InputError {
  return new InputError(`Invalid body: ${errors.join('; ')}`);
}

/**
 * The waiver and attestation registers and detection triage: validates with the common rules,
 * enforces who may decide, and writes immutable records. `changed` is told after every write
 * that can move a score (to re-evaluate and snapshot).
 */
export class RegisterService {
  private readonly now: () => Date;

  constructor(
    private readonly store: ComplianceStore,
    private readonly changed: () => void,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  async requestWaiver(
    body: WaiverRequestBody,
    requester: UserRef,
  ): Promise<WaiverView> {
    refuseIdentity(body, 'requester');
    const now = this.now();
    const validation = validateWaiverRequest({ ...body, requester }, now);
    if (!validation.ok) throw invalid(validation.errors);
    const misplaced = scopeErrors(body.checkId, body.scope);
    if (misplaced.length > 0) throw invalid(misplaced);
    const request = {
      id: randomUUID(),
      ...validation.value,
      expiresAt: iso(validation.value.expiresAt),
      requestedAt: iso(now),
    };
    await this.store.insertWaiverRequest(request);
    return waiverView({ request }, now);
  }

  private async waiver(id: string): Promise<StoredWaiver> {
    const waiver = await this.store.getWaiver(id);
    if (!waiver) throw new NotFoundError(`no waiver ${id}`);
    return waiver;
  }

  async getWaiver(id: string): Promise<WaiverView> {
    return waiverView(await this.waiver(id), this.now());
  }

  async listWaivers(filter: {
    state?: WaiverState;
    checkId?: string;
    scope?: ScopeRef;
  }): Promise<WaiverView[]> {
    const now = this.now();
    return (await this.store.listWaivers(filter))
      .map(waiver => waiverView(waiver, now))
      .filter(view => !filter.state || view.state === filter.state);
  }

  /**
   * Approves or rejects a requested waiver, once: the requester never decides their own (403),
   * and a decided one stays decided (409). An approval must still fit the 180-day limit.
   */
  async decideWaiver(
    id: string,
    decision: 'approved' | 'rejected',
    by: UserRef,
    comment?: string,
  ): Promise<WaiverView> {
    const now = this.now();
    const waiver = await this.waiver(id);
    if (waiver.decision) {
      throw new ConflictError(
        `waiver ${id} was already ${waiver.decision.decision} by ${waiver.decision.by} at ${waiver.decision.at}`,
      );
    }
    if (by === waiver.request.requester) {
      throw new NotAllowedError(
        `${by} requested this waiver and cannot ${
          decision === 'approved' ? 'approve' : 'reject'
        } it; another person must`,
      );
    }
    if (decision === 'approved') {
      const approval = validateWaiverApproval(waiver.request, by, now);
      if (!approval.ok) {
        throw new ConflictError(
          `waiver ${id} cannot be approved now: ${approval.errors.join('; ')}`,
        );
      }
    }
    const inserted = await this.store.insertWaiverDecision({
      waiverId: id,
      decision,
      by,
      at: iso(now),
      ...(comment ? { comment } : {}),
    });
    if (!inserted) {
      throw new ConflictError(`waiver ${id} was decided meanwhile`);
    }
    if (decision === 'approved') this.changed();
    return waiverView(await this.waiver(id), now);
  }

  async revokeWaiver(
    id: string,
    by: UserRef,
    reason: string,
  ): Promise<WaiverView> {
    const now = this.now();
    const waiver = await this.waiver(id);
    const state = waiverState(waiver, now);
    if (state !== 'approved') {
      throw new ConflictError(
        `waiver ${id} is ${state}: only an approved waiver in force can be revoked`,
      );
    }
    const inserted = await this.store.insertWaiverRevocation({
      id: randomUUID(),
      targetId: id,
      revokedBy: by,
      revokedAt: iso(now),
      reason,
    });
    if (!inserted)
      throw new ConflictError(`waiver ${id} was revoked meanwhile`);
    this.changed();
    return waiverView(await this.waiver(id), now);
  }

  /**
   * Records an attestation; `upload` is its evidence file as the router read and checked it
   * (`describeUpload`), stored with the record. The body names no file: its name, type, size
   * and hash are the backend's reading of the upload.
   */
  async createAttestation(
    body: AttestationBody,
    attestedBy: UserRef,
    upload?: { file: EvidenceFile; content: Buffer },
  ): Promise<AttestationView> {
    refuseIdentity(body, 'attestedBy');
    const claimedEvidence: unknown = body.evidence;
    if (
      claimedEvidence &&
      typeof claimedEvidence === 'object' &&
      'file' in claimedEvidence
    ) {
      throw new InputError(
        'Invalid body: evidence.file: is read from the uploaded file part; leave it out',
      );
    }
    const now = this.now();
    const evidence = {
      ...(claimedEvidence && typeof claimedEvidence === 'object'
        ? claimedEvidence
        : {}),
      ...(upload ? { file: upload.file } : {}),
    };
    const validation = validateAttestation(
      { ...body, evidence, attestedBy },
      now,
    );
    if (!validation.ok) throw invalid(validation.errors);
    const attestation = {
      id: randomUUID(),
      ...validation.value,
      attestedAt: iso(validation.value.attestedAt),
      expiresAt: iso(validation.value.expiresAt),
      recordedAt: iso(now),
    };
    await this.store.insertAttestation(attestation, upload?.content);
    this.changed();
    return attestationView({ attestation }, now);
  }

  /** An attestation's uploaded evidence file with its bytes (404 without one). */
  async getEvidenceFile(
    attestationId: string,
  ): Promise<{ file: EvidenceFile; content: Buffer }> {
    const stored = await this.store.getEvidenceFile(attestationId);
    if (!stored) {
      const attestation = await this.store.getAttestation(attestationId);
      throw new NotFoundError(
        attestation
          ? `attestation ${attestationId} has no evidence file (its evidence is a link)`
          : `no attestation ${attestationId}`,
      );
    }
    return stored;
  }

  async listAttestations(filter: {
    state?: AttestationView['state'];
    checkId?: string;
    scope?: ScopeRef;
  }): Promise<AttestationView[]> {
    const now = this.now();
    return (await this.store.listAttestations(filter))
      .map(stored => attestationView(stored, now))
      .filter(view => !filter.state || view.state === filter.state);
  }

  async revokeAttestation(
    id: string,
    by: UserRef,
    reason: string,
  ): Promise<AttestationView> {
    const now = this.now();
    const stored = await this.store.getAttestation(id);
    if (!stored) throw new NotFoundError(`no attestation ${id}`);
    const state = attestationView(stored, now).state;
    if (state !== 'current') {
      throw new ConflictError(
        `attestation ${id} is ${state}: only a current one can be revoked`,
      );
    }
    const inserted = await this.store.insertAttestationRevocation({
      id: randomUUID(),
      targetId: id,
      revokedBy: by,
      revokedAt: iso(now),
      reason,
    });
    if (!inserted) {
      throw new ConflictError(`attestation ${id} was revoked meanwhile`);
    }
    this.changed();
    return attestationView((await this.store.getAttestation(id))!, now);
  }

  async acknowledgeDetection(
    eventId: string,
    ruleId: string,
    by: UserRef,
    note: string,
  ): Promise<DetectionAcknowledgement> {
    if (!detectionRules.some(rule => rule.id === ruleId)) {
      throw new InputError(
        `Invalid body: ruleId: no audit-trail rule ${ruleId}`,
      );
    }
    const ack = {
      eventId,
      ruleId,
      acknowledgedBy: by,
      acknowledgedAt: iso(this.now()),
      note,
    };
    if (!(await this.store.insertAcknowledgement(ack))) {
      throw new ConflictError(`detection ${eventId} was already acknowledged`);
    }
    // "Detections reviewed" reads the acknowledgements.
    this.changed();
    return ack;
  }

  async listAcknowledgements(filter: { ruleId?: string }) {
    return this.store.listAcknowledgements(filter);
  }
}
