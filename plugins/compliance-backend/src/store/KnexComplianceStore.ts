import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  AttestationEvidence,
  DetectionAcknowledgement,
  EvidenceContentType,
  EvidenceFile,
  ScopeRef,
  ScopeScore,
} from '@sparki/compliance-common';
import { Knex } from 'knex';
import {
  AttestationRecord,
  ComplianceStore,
  HistoryFilter,
  RegisterFilter,
  RevocationRecord,
  StoredAttestation,
  StoredScoreSnapshot,
  StoredWaiver,
  WaiverDecisionRecord,
  WaiverRequestRecord,
} from './ComplianceStore';

const migrationsDir = resolvePackagePath(
  '@sparki/compliance-backend',
  'migrations',
);

const WAIVERS = 'compliance_waiver_requests';
const DECISIONS = 'compliance_waiver_decisions';
const WAIVER_REVOCATIONS = 'compliance_waiver_revocations';
const ATTESTATIONS = 'compliance_attestations';
const ATTESTATION_REVOCATIONS = 'compliance_attestation_revocations';
const ATTESTATION_FILES = 'compliance_attestation_files';
const ACKNOWLEDGEMENTS = 'compliance_detection_acknowledgements';
const SNAPSHOTS = 'compliance_score_snapshots';
const NOTIFICATIONS = 'compliance_notifications_sent';

type WaiverRow = {
  id: string;
  check_id: string;
  scope_kind: string;
  scope_id: string;
  reason: string;
  requester: string;
  requested_at: string;
  expires_at: string;
};
type DecisionRow = {
  waiver_id: string;
  decision: string;
  decided_by: string;
  decided_at: string;
  comment: string | null;
};
type RevocationRow = {
  id: string;
  revoked_by: string;
  revoked_at: string;
  reason: string;
};
type AttestationRow = {
  id: string;
  check_id: string;
  scope_kind: string;
  scope_id: string;
  attested_by: string;
  evidence: string;
  attested_at: string;
  expires_at: string;
  note: string | null;
  recorded_at: string;
};
type AttestationFileRow = {
  attestation_id: string;
  file_name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  content: Buffer;
};
type AcknowledgementRow = {
  event_id: string;
  rule_id: string;
  acknowledged_by: string;
  acknowledged_at: string;
  note: string;
};
type SnapshotRow = {
  id: string;
  framework_id: string;
  framework_version: string;
  method_version: string;
  scope_kind: string;
  scope_id: string;
  taken_at: string;
  trigger: string;
  figures: string;
  controls: string;
  sources: string;
  fingerprint: string;
};

/** A second insert of a unique key: "already decided / revoked / acknowledged". */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

async function insertOnce(query: PromiseLike<unknown>): Promise<boolean> {
  try {
    await query;
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The overall roll-up is stored with an empty scope. */
function scopeColumns(scope: ScopeRef | undefined) {
  return { scope_kind: scope?.kind ?? '', scope_id: scope?.id ?? '' };
}

function scopeOf(row: { scope_kind: string; scope_id: string }): ScopeRef {
  return { kind: row.scope_kind as ScopeRef['kind'], id: row.scope_id };
}

function revocationOf(row: RevocationRow, targetId: string): RevocationRecord {
  return {
    id: row.id,
    targetId,
    revokedBy: row.revoked_by,
    revokedAt: row.revoked_at,
    reason: row.reason,
  };
}

export class KnexComplianceStore implements ComplianceStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> &
      Partial<Pick<DatabaseService, 'migrations'>>;
  }): Promise<KnexComplianceStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new KnexComplianceStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async insertWaiverRequest(request: WaiverRequestRecord): Promise<void> {
    const row: WaiverRow = {
      id: request.id,
      check_id: request.checkId,
      ...scopeColumns(request.scope),
      reason: request.reason,
      requester: request.requester,
      requested_at: request.requestedAt,
      expires_at: request.expiresAt,
    };
    await this.db(WAIVERS).insert(row);
  }

  async insertWaiverDecision(decision: WaiverDecisionRecord): Promise<boolean> {
    const row: DecisionRow = {
      waiver_id: decision.waiverId,
      decision: decision.decision,
      decided_by: decision.by,
      decided_at: decision.at,
      comment: decision.comment ?? null,
    };
    return insertOnce(this.db(DECISIONS).insert(row));
  }

  async insertWaiverRevocation(revocation: RevocationRecord): Promise<boolean> {
    return insertOnce(
      this.db(WAIVER_REVOCATIONS).insert({
        id: revocation.id,
        waiver_id: revocation.targetId,
        revoked_by: revocation.revokedBy,
        revoked_at: revocation.revokedAt,
        reason: revocation.reason,
      }),
    );
  }

  async getWaiver(id: string): Promise<StoredWaiver | undefined> {
    const [waiver] = await this.waivers(query =>
      query.where(`${WAIVERS}.id`, id),
    );
    return waiver;
  }

  async listWaivers(filter: RegisterFilter): Promise<StoredWaiver[]> {
    return this.waivers(query => {
      if (filter.checkId) query.where(`${WAIVERS}.check_id`, filter.checkId);
      if (filter.scope) {
        query.where({
          [`${WAIVERS}.scope_kind`]: filter.scope.kind,
          [`${WAIVERS}.scope_id`]: filter.scope.id,
        });
      }
      query
        .orderBy([
          { column: `${WAIVERS}.requested_at`, order: 'desc' },
          { column: `${WAIVERS}.id`, order: 'desc' },
        ])
        .limit(filter.limit ?? 500);
    });
  }

  /** Requests with their decision and revocation, in one query. */
  private async waivers(
    where: (query: Knex.QueryBuilder) => void,
  ): Promise<StoredWaiver[]> {
    const query = this.db(WAIVERS)
      .leftJoin(DECISIONS, `${DECISIONS}.waiver_id`, `${WAIVERS}.id`)
      .leftJoin(
        WAIVER_REVOCATIONS,
        `${WAIVER_REVOCATIONS}.waiver_id`,
        `${WAIVERS}.id`,
      )
      .select(
        `${WAIVERS}.*`,
        `${DECISIONS}.decision`,
        `${DECISIONS}.decided_by`,
        `${DECISIONS}.decided_at`,
        `${DECISIONS}.comment`,
        `${WAIVER_REVOCATIONS}.id as revocation_id`,
        `${WAIVER_REVOCATIONS}.revoked_by`,
        `${WAIVER_REVOCATIONS}.revoked_at`,
        `${WAIVER_REVOCATIONS}.reason as revocation_reason`,
      );
    where(query);
    const rows: Array<
      WaiverRow &
        Partial<Omit<DecisionRow, 'waiver_id'>> & {
          revocation_id: string | null;
          revoked_by: string | null;
          revoked_at: string | null;
          revocation_reason: string | null;
        }
    > = await query;
    return rows.map(row => ({
      request: {
        id: row.id,
        checkId: row.check_id,
        scope: scopeOf(row),
        reason: row.reason,
        requester: row.requester,
        requestedAt: row.requested_at,
        expiresAt: row.expires_at,
      },
      ...(row.decision
        ? {
            decision: {
              waiverId: row.id,
              decision: row.decision as WaiverDecisionRecord['decision'],
              by: row.decided_by!,
              at: row.decided_at!,
              ...(row.comment ? { comment: row.comment } : {}),
            },
          }
        : {}),
      ...(row.revocation_id
        ? {
            revocation: revocationOf(
              {
                id: row.revocation_id,
                revoked_by: row.revoked_by!,
                revoked_at: row.revoked_at!,
                reason: row.revocation_reason!,
              },
              row.id,
            ),
          }
        : {}),
    }));
  }

  async insertAttestation(
    attestation: AttestationRecord,
    fileContent?: Buffer,
  ): Promise<void> {
    const { file, ...link } = attestation.evidence;
    if (Boolean(file) !== Boolean(fileContent)) {
      throw new Error(
        'An attestation with an evidence file is stored with its content, and only then',
      );
    }
    const row: AttestationRow = {
      id: attestation.id,
      check_id: attestation.checkId,
      ...scopeColumns(attestation.scope),
      attested_by: attestation.attestedBy,
      // The link; the file's metadata lives with its bytes.
      evidence: JSON.stringify(link),
      attested_at: attestation.attestedAt,
      expires_at: attestation.expiresAt,
      note: attestation.note ?? null,
      recorded_at: attestation.recordedAt,
    };
    await this.db.transaction(async tx => {
      await tx(ATTESTATIONS).insert(row);
      if (file && fileContent) {
        const fileRow: AttestationFileRow = {
          attestation_id: attestation.id,
          file_name: file.name,
          content_type: file.contentType,
          bytes: file.bytes,
          sha256: file.sha256,
          content: fileContent,
        };
        await tx(ATTESTATION_FILES).insert(fileRow);
      }
    });
  }

  async getEvidenceFile(
    attestationId: string,
  ): Promise<{ file: EvidenceFile; content: Buffer } | undefined> {
    const row = await this.db<AttestationFileRow>(ATTESTATION_FILES)
      .where('attestation_id', attestationId)
      .first();
    if (!row) return undefined;
    return { file: evidenceFileOf(row), content: Buffer.from(row.content) };
  }

  async insertAttestationRevocation(
    revocation: RevocationRecord,
  ): Promise<boolean> {
    return insertOnce(
      this.db(ATTESTATION_REVOCATIONS).insert({
        id: revocation.id,
        attestation_id: revocation.targetId,
        revoked_by: revocation.revokedBy,
        revoked_at: revocation.revokedAt,
        reason: revocation.reason,
      }),
    );
  }

  async getAttestation(id: string): Promise<StoredAttestation | undefined> {
    const [attestation] = await this.attestations(query =>
      query.where(`${ATTESTATIONS}.id`, id),
    );
    return attestation;
  }

  async listAttestations(filter: RegisterFilter): Promise<StoredAttestation[]> {
    return this.attestations(query => {
      if (filter.checkId) {
        query.where(`${ATTESTATIONS}.check_id`, filter.checkId);
      }
      if (filter.scope) {
        query.where({
          [`${ATTESTATIONS}.scope_kind`]: filter.scope.kind,
          [`${ATTESTATIONS}.scope_id`]: filter.scope.id,
        });
      }
      query
        .orderBy([
          { column: `${ATTESTATIONS}.recorded_at`, order: 'desc' },
          { column: `${ATTESTATIONS}.id`, order: 'desc' },
        ])
        .limit(filter.limit ?? 500);
    });
  }

  private async attestations(
    where: (query: Knex.QueryBuilder) => void,
  ): Promise<StoredAttestation[]> {
    const query = this.db(ATTESTATIONS)
      .leftJoin(
        ATTESTATION_REVOCATIONS,
        `${ATTESTATION_REVOCATIONS}.attestation_id`,
        `${ATTESTATIONS}.id`,
      )
      .leftJoin(
        ATTESTATION_FILES,
        `${ATTESTATION_FILES}.attestation_id`,
        `${ATTESTATIONS}.id`,
      )
      .select(
        `${ATTESTATIONS}.*`,
        `${ATTESTATION_REVOCATIONS}.id as revocation_id`,
        `${ATTESTATION_REVOCATIONS}.revoked_by`,
        `${ATTESTATION_REVOCATIONS}.revoked_at`,
        `${ATTESTATION_REVOCATIONS}.reason as revocation_reason`,
        // The file's metadata, not its bytes.
        `${ATTESTATION_FILES}.file_name`,
        `${ATTESTATION_FILES}.content_type`,
        `${ATTESTATION_FILES}.bytes`,
        `${ATTESTATION_FILES}.sha256`,
      );
    where(query);
    const rows: Array<
      AttestationRow &
        Partial<Omit<AttestationFileRow, 'attestation_id' | 'content'>> & {
          revocation_id: string | null;
          revoked_by: string | null;
          revoked_at: string | null;
          revocation_reason: string | null;
        }
    > = await query;
    return rows.map(row => ({
      attestation: {
        id: row.id,
        checkId: row.check_id,
        scope: scopeOf(row),
        attestedBy: row.attested_by,
        evidence: {
          ...JSON.parse(row.evidence),
          ...(row.file_name ? { file: evidenceFileOf(row as FileMeta) } : {}),
        } as AttestationEvidence,
        attestedAt: row.attested_at,
        expiresAt: row.expires_at,
        ...(row.note !== null ? { note: row.note } : {}),
        recordedAt: row.recorded_at,
      },
      ...(row.revocation_id
        ? {
            revocation: revocationOf(
              {
                id: row.revocation_id,
                revoked_by: row.revoked_by!,
                revoked_at: row.revoked_at!,
                reason: row.revocation_reason!,
              },
              row.id,
            ),
          }
        : {}),
    }));
  }

  async insertAcknowledgement(ack: DetectionAcknowledgement): Promise<boolean> {
    const row: AcknowledgementRow = {
      event_id: ack.eventId,
      rule_id: ack.ruleId,
      acknowledged_by: ack.acknowledgedBy,
      acknowledged_at: ack.acknowledgedAt,
      note: ack.note,
    };
    return insertOnce(this.db(ACKNOWLEDGEMENTS).insert(row));
  }

  async listAcknowledgements(filter: {
    ruleId?: string;
  }): Promise<DetectionAcknowledgement[]> {
    const query = this.db<AcknowledgementRow>(ACKNOWLEDGEMENTS)
      .select('*')
      .orderBy([
        { column: 'acknowledged_at', order: 'desc' },
        { column: 'event_id', order: 'desc' },
      ]);
    if (filter.ruleId) query.where('rule_id', filter.ruleId);
    const rows = await query;
    return rows.map(row => ({
      eventId: row.event_id,
      ruleId: row.rule_id,
      acknowledgedBy: row.acknowledged_by,
      acknowledgedAt: row.acknowledged_at,
      note: row.note,
    }));
  }

  async claimNotification(key: string, sentAt: string): Promise<boolean> {
    return insertOnce(this.db(NOTIFICATIONS).insert({ key, sent_at: sentAt }));
  }

  async insertScoreSnapshots(snapshots: StoredScoreSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    const rows: SnapshotRow[] = snapshots.map(snapshot => {
      const {
        scope,
        operational,
        audit,
        waivers,
        waivedChecks,
        controlsByStatus,
      } = snapshot;
      const figures: Omit<ScopeScore, 'scope'> = {
        operational,
        audit,
        waivers,
        waivedChecks,
        controlsByStatus,
      };
      return {
        id: snapshot.id,
        framework_id: snapshot.frameworkId,
        framework_version: snapshot.frameworkVersion,
        method_version: snapshot.methodVersion,
        ...scopeColumns(scope),
        taken_at: snapshot.takenAt,
        trigger: snapshot.trigger,
        figures: JSON.stringify(figures),
        controls: JSON.stringify(snapshot.controls),
        sources: JSON.stringify(snapshot.sources),
        fingerprint: snapshot.fingerprint,
      };
    });
    // Chunks keep every statement under SQLite's bound-parameter limit.
    await this.db.batchInsert(SNAPSHOTS, rows, 50);
  }

  async latestScoreSnapshots(): Promise<StoredScoreSnapshot[]> {
    const latest = this.db(SNAPSHOTS)
      .select('framework_id', 'scope_kind', 'scope_id')
      .max('taken_at as latest_taken_at')
      .groupBy('framework_id', 'scope_kind', 'scope_id')
      .as('latest');
    const rows: SnapshotRow[] = await this.db(`${SNAPSHOTS} as s`)
      .join(latest, function joinLatest() {
        this.on('s.framework_id', 'latest.framework_id')
          .andOn('s.scope_kind', 'latest.scope_kind')
          .andOn('s.scope_id', 'latest.scope_id')
          .andOn('s.taken_at', 'latest.latest_taken_at');
      })
      .select('s.*')
      .orderBy('s.id');
    // Two snapshots of one series taken in the same millisecond: keep one.
    const bySeries = new Map<string, SnapshotRow>();
    for (const row of rows) {
      bySeries.set(
        JSON.stringify([row.framework_id, row.scope_kind, row.scope_id]),
        row,
      );
    }
    return [...bySeries.values()].map(toSnapshot);
  }

  async scoreHistory(filter: HistoryFilter): Promise<StoredScoreSnapshot[]> {
    const query = this.db<SnapshotRow>(SNAPSHOTS)
      .where({
        framework_id: filter.frameworkId,
        ...scopeColumns(filter.scope),
      })
      .orderBy([
        { column: 'taken_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit);
    if (filter.from) query.where('taken_at', '>=', filter.from);
    if (filter.to) query.where('taken_at', '<=', filter.to);
    // The newest `limit` points, returned oldest first.
    return (await query).reverse().map(toSnapshot);
  }

  async scoreSnapshotAt(
    frameworkId: string,
    scope: ScopeRef | undefined,
    asOf: string,
  ): Promise<StoredScoreSnapshot | undefined> {
    const row = await this.db<SnapshotRow>(SNAPSHOTS)
      .where({ framework_id: frameworkId, ...scopeColumns(scope) })
      .where('taken_at', '<=', asOf)
      .orderBy([
        { column: 'taken_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? toSnapshot(row) : undefined;
  }
}

type FileMeta = Omit<AttestationFileRow, 'attestation_id' | 'content'>;

function evidenceFileOf(row: FileMeta): EvidenceFile {
  return {
    name: row.file_name,
    contentType: row.content_type as EvidenceContentType,
    // PostgreSQL's driver may answer a number column as text.
    bytes: Number(row.bytes),
    sha256: row.sha256,
  };
}

function toSnapshot(row: SnapshotRow): StoredScoreSnapshot {
  const figures: Omit<ScopeScore, 'scope'> = JSON.parse(row.figures);
  return {
    id: row.id,
    frameworkId: row.framework_id,
    frameworkVersion: row.framework_version,
    methodVersion: row.method_version,
    ...(row.scope_kind ? { scope: scopeOf(row) } : {}),
    takenAt: row.taken_at,
    trigger: row.trigger as StoredScoreSnapshot['trigger'],
    ...figures,
    sources: JSON.parse(row.sources),
    controls: JSON.parse(row.controls),
    fingerprint: row.fingerprint,
  };
}
