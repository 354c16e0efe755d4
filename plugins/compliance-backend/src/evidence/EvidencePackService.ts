import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AttestationEvidence,
  AttestationView,
  CheckResource,
  ControlSummary,
  EvidencePackFile,
  EvidencePackManifest,
  Framework,
  scopeKey,
  ScopeRef,
  scoreMethodVersion,
  ScoreSnapshot,
  SourceSnapshotRef,
  UserRef,
  WaiverView,
} from '@sparki/compliance-common';
import type { ComplianceCheckSource } from '@sparki/compliance-node';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { create as createTar } from 'tar';
import {
  ComplianceFinding,
  ComplianceService,
} from '../service/ComplianceService';
import { attestationView, waiverView } from '../service/RegisterService';
import { ComplianceStore, StoredAttestation } from '../store/ComplianceStore';
import { OscalAssessmentResults, OscalEvidenceResource } from './oscal';
import { CsvAndJson, writeJsonFile } from './packFiles';

/** Pages of failing objects read per failing result; more are counted as a problem, not listed. */
const OBJECT_PAGE = 500;
/** Score snapshots a pack holds at most (the newest of the period). */
const HISTORY_LIMIT = 10_000;
/** Register records read at most (as the evaluation reads them). */
const REGISTER_LIMIT = 100_000;

export interface EvidencePackRequest {
  frameworkId: string;
  scope?: ScopeRef;
  from: string;
  to: string;
  generatedBy: UserRef;
  /** The caller's: failing objects are listed within what the caller may read. */
  credentials: BackstageCredentials;
}

/** A built pack: its files on disk until `dispose`, its manifest and the manifest's hash. */
export interface EvidencePack {
  manifest: EvidencePackManifest;
  /** SHA-256 (hex) of `manifest.json` as stored in the archive. */
  manifestSha256: string;
  /** The findings (check results) the pack lists. */
  findings: number;
  fileName: string;
  /** Streams the tar.gz (manifest.json first) into `out`. */
  writeTo(out: Writable): Promise<void>;
  /** Removes the pack's files; call once the archive is sent or abandoned. */
  dispose(): Promise<void>;
}

const scopeText = (scope: ScopeRef | undefined) =>
  scope ? scopeKey(scope) : '';

const findingColumns: Array<[string, (f: ComplianceFinding) => unknown]> = [
  ['frameworkId', f => f.frameworkId],
  ['controlId', f => f.controlId],
  ['checkId', f => f.result.checkId],
  ['scope', f => scopeKey(f.result.scope)],
  ['state', f => f.result.state],
  ['rawState', f => f.result.raw.state],
  ['reason', f => f.result.reason ?? f.result.raw.reason],
  ['observedAt', f => f.result.observedAt],
  ['populationApplicable', f => f.result.population?.applicable],
  ['populationFailing', f => f.result.population?.failing],
  ['waiverId', f => f.result.waiverId],
  ['attestationId', f => f.result.attestationId],
  ['validUntil', f => f.result.validUntil],
  ['message', f => f.result.message],
];

interface ControlRow extends ControlSummary {
  checks: readonly string[];
  results: number;
  populationApplicable: number;
  populationFailing: number;
}

const controlColumns: Array<[string, (c: ControlRow) => unknown]> = [
  ['controlId', c => c.id],
  ['title', c => c.title],
  ['severity', c => c.severity],
  ['status', c => c.status],
  ['operationalProgress', c => c.progress.operational],
  ['auditProgress', c => c.progress.audit],
  ['conservativeOperationalProgress', c => c.conservativeProgress.operational],
  ['conservativeAuditProgress', c => c.conservativeProgress.audit],
  ['failingScopes', c => c.failingScopes],
  ['unknownScopes', c => c.unknownScopes],
  ['checks', c => c.checks.join(' ')],
  ['results', c => c.results],
  ['populationApplicable', c => c.populationApplicable],
  ['populationFailing', c => c.populationFailing],
];

interface FailingObject {
  controlId: string;
  checkId: string;
  scope: ScopeRef;
  object: CheckResource;
}

const objectColumns: Array<[string, (o: FailingObject) => unknown]> = [
  ['controlId', o => o.controlId],
  ['checkId', o => o.checkId],
  ['scope', o => scopeKey(o.scope)],
  ['state', o => o.object.state],
  ['kind', o => o.object.kind],
  ['namespace', o => o.object.namespace],
  ['name', o => o.object.name],
  ['container', o => o.object.container],
  ['message', o => o.object.message],
  ['source', o => o.object.ref.source],
  ['ref', o => o.object.ref.id],
];

const waiverColumns: Array<[string, (w: WaiverView) => unknown]> = [
  ['id', w => w.id],
  ['checkId', w => w.checkId],
  ['scope', w => scopeKey(w.scope)],
  ['state', w => w.state],
  ['requester', w => w.requester],
  ['requestedAt', w => w.requestedAt],
  ['expiresAt', w => w.expiresAt],
  ['decision', w => w.decision?.decision],
  ['decidedBy', w => w.decision?.by],
  ['decidedAt', w => w.decision?.at],
  ['decisionComment', w => w.decision?.comment],
  ['revokedBy', w => w.revocation?.revokedBy],
  ['revokedAt', w => w.revocation?.revokedAt],
  ['revocationReason', w => w.revocation?.reason],
  ['reason', w => w.reason],
];

const attestationColumns: Array<[string, (a: AttestationView) => unknown]> = [
  ['id', a => a.id],
  ['checkId', a => a.checkId],
  ['scope', a => scopeKey(a.scope)],
  ['state', a => a.state],
  ['attestedBy', a => a.attestedBy],
  ['attestedAt', a => a.attestedAt],
  ['recordedAt', a => a.recordedAt],
  ['expiresAt', a => a.expiresAt],
  ['evidenceUrl', a => a.evidence.url],
  ['evidenceFileName', a => a.evidence.file?.name],
  ['evidenceFileType', a => a.evidence.file?.contentType],
  ['evidenceFileBytes', a => a.evidence.file?.bytes],
  ['evidenceFileSha256', a => a.evidence.file?.sha256],
  [
    'evidenceFilePath',
    a => (a.evidence.file ? evidenceFilePath(a) : undefined),
  ],
  ['revokedBy', a => a.revocation?.revokedBy],
  ['revokedAt', a => a.revocation?.revokedAt],
  ['revocationReason', a => a.revocation?.reason],
  ['note', a => a.note],
];

/**
 * Where an attestation's uploaded file is in the pack. The name was sanitised on upload (no
 * slashes, no leading dot), and the directory is the attestation's UUID.
 */
function evidenceFilePath(attestation: {
  id: string;
  evidence: AttestationEvidence;
}) {
  return `attestation-files/${attestation.id}/${
    attestation.evidence.file!.name
  }`;
}

const historyColumns: Array<[string, (s: ScoreSnapshot) => unknown]> = [
  ['id', s => s.id],
  ['takenAt', s => s.takenAt],
  ['trigger', s => s.trigger],
  ['frameworkVersion', s => s.frameworkVersion],
  ['methodVersion', s => s.methodVersion],
  ['operationalScore', s => s.operational.score],
  ['operationalConservativeScore', s => s.operational.conservativeScore],
  ['operationalCoverage', s => s.operational.coverage],
  ['auditScore', s => s.audit.score],
  ['auditConservativeScore', s => s.audit.conservativeScore],
  ['auditCoverage', s => s.audit.coverage],
  ['waivers', s => s.waivers],
  ['waivedChecks', s => s.waivedChecks],
  [
    'sources',
    s => s.sources.map(ref => `${ref.source}:${ref.sha256}`).join(' '),
  ],
];

/** A source snapshot with where the pack saw it: the evaluation behind the results, or history. */
interface SourceSnapshotRow extends SourceSnapshotRef {
  inEvaluation: boolean;
  scoreSnapshots: number;
}

const sourceColumns: Array<[string, (s: SourceSnapshotRow) => unknown]> = [
  ['source', s => s.source],
  ['id', s => s.id],
  ['sha256', s => s.sha256],
  ['takenAt', s => s.takenAt],
  ['inEvaluation', s => s.inEvaluation],
  ['scoreSnapshots', s => s.scoreSnapshots],
];

const overlaps = (start: string, end: string, from: string, to: string) =>
  Date.parse(start) <= Date.parse(to) && Date.parse(end) >= Date.parse(from);

/**
 * Builds evidence packs: for a framework, a scope (or every scope) and a period, every check
 * result with its control, the failing objects, the waiver and attestation registers, the score
 * history and the source snapshots' hashes, as CSV and JSON, listed with their SHA-256 in
 * `manifest.json`. Files are written to a temporary directory as they are produced (bounded
 * memory however many findings), then streamed out as one tar.gz.
 */
export class EvidencePackService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      compliance: ComplianceService;
      store: ComplianceStore;
      frameworks: readonly Framework[];
      sources: readonly ComplianceCheckSource[];
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async build(request: EvidencePackRequest): Promise<EvidencePack> {
    const framework = this.options.frameworks.find(
      f => f.id === request.frameworkId,
    );
    if (!framework) {
      throw new NotFoundError(
        `no framework ${request.frameworkId}; known: ${this.options.frameworks
          .map(f => f.id)
          .join(', ')}`,
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'sparki-evidence-'));
    try {
      return await this.writePack(dir, framework, request);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private async writePack(
    dir: string,
    framework: Framework,
    request: EvidencePackRequest,
  ): Promise<EvidencePack> {
    const { compliance } = this.options;
    const { scope, from, to } = request;
    const generatedAt = this.now().toISOString();
    const problems: string[] = [];
    const files: EvidencePackFile[] = [];

    // Every part of the pack comes from one evaluation.
    const evaluation = await compliance.evaluation();
    const detail = await compliance.framework(framework.id, scope, evaluation);
    problems.push(...detail.problems.map(problem => problem.message));

    // Results and failing objects, streamed control by control.
    const results = new CsvAndJson(
      dir,
      'results',
      "Every check's effective result per control and scope, with the raw result and population",
      findingColumns,
    );
    const objects = new CsvAndJson(
      dir,
      'failing-objects',
      'The objects behind failing results, as their sources list them',
      objectColumns,
    );
    const perControl = new Map(
      framework.controls.map(control => [
        control.id,
        { results: 0, populationApplicable: 0, populationFailing: 0 },
      ]),
    );
    const oscal = new OscalAssessmentResults(
      dir,
      framework,
      new Map(detail.controls.map(control => [control.id, control])),
    );
    let findings = 0;
    try {
      for await (const finding of compliance.findings(
        framework.id,
        scope,
        evaluation,
      )) {
        findings += 1;
        await results.add(finding);
        await oscal.observe(finding);
        const counts = perControl.get(finding.controlId)!;
        counts.results += 1;
        counts.populationApplicable +=
          finding.result.population?.applicable ?? 0;
        counts.populationFailing += finding.result.population?.failing ?? 0;
        if (finding.result.raw.state === 'fail') {
          await this.addFailingObjects(finding, request, objects, problems);
        }
      }
    } catch (error) {
      results.abort();
      objects.abort();
      oscal.abort();
      throw error;
    }
    files.push(...(await results.close()), ...(await objects.close()));
    const registers = await this.writeRegisters(
      dir,
      framework,
      request,
      problems,
    );
    files.push(...registers.files);
    files.push(
      await oscal.close({
        scope,
        from,
        to,
        generatedAt,
        generatedBy: request.generatedBy,
        methodVersion: scoreMethodVersion,
        evidence: registers.evidence,
      }),
    );

    const controls = new CsvAndJson(
      dir,
      'controls',
      'Per control: status, progress in both modes, its checks and their populations',
      controlColumns,
    );
    for (const [index, summary] of detail.controls.entries()) {
      await controls.add({
        ...summary,
        checks: framework.controls[index].requiredChecks,
        ...perControl.get(summary.id)!,
      });
    }
    files.push(...(await controls.close()));
    files.push(
      await writeJsonFile(
        dir,
        'score.json',
        'The framework score in the scope (or over every scope) when the pack was generated',
        detail.score,
      ),
    );

    const history = await this.options.store.scoreHistory({
      frameworkId: framework.id,
      scope,
      from,
      to,
      limit: HISTORY_LIMIT,
    });
    if (history.length === HISTORY_LIMIT) {
      problems.push(
        `score history: only the newest ${HISTORY_LIMIT} snapshots of the period are in the pack`,
      );
    }
    const historyFiles = new CsvAndJson(
      dir,
      'score-history',
      'Stored score snapshots of the period, oldest first, with the source snapshots behind each',
      historyColumns,
    );
    const sourceRows = new Map<string, SourceSnapshotRow>();
    const sourceRow = (ref: SourceSnapshotRef) => {
      const key = `${ref.source}|${ref.id}|${ref.sha256}`;
      let row = sourceRows.get(key);
      if (!row) {
        row = { ...ref, inEvaluation: false, scoreSnapshots: 0 };
        sourceRows.set(key, row);
      }
      return row;
    };
    for (const {
      controls: _controls,
      fingerprint: _fingerprint,
      ...snapshot
    } of history) {
      await historyFiles.add(snapshot);
      for (const ref of snapshot.sources) sourceRow(ref).scoreSnapshots += 1;
    }
    files.push(...(await historyFiles.close()));

    const frameworkSources = new Set(
      evaluation.frameworks.find(f => f.framework.id === framework.id)
        ?.sourceIds ?? [],
    );
    const evaluatedSources = evaluation.sources.filter(ref =>
      frameworkSources.has(ref.source),
    );
    for (const ref of evaluatedSources) sourceRow(ref).inEvaluation = true;
    const sourceFiles = new CsvAndJson(
      dir,
      'source-snapshots',
      'The raw source snapshots read, with their SHA-256: behind the results and the score history',
      sourceColumns,
    );
    for (const row of sourceRows.values()) await sourceFiles.add(row);
    files.push(...(await sourceFiles.close()));

    const { controls: _controls, ...frameworkSummary } = framework;
    const manifest: EvidencePackManifest = {
      packFormatVersion: 1,
      framework: frameworkSummary,
      methodVersion: scoreMethodVersion,
      ...(scope ? { scope } : {}),
      period: { from, to },
      generatedBy: request.generatedBy,
      generatedAt,
      evaluatedAt: detail.evaluatedAt,
      sources: evaluatedSources,
      problems,
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    };
    const manifestFile = await writeJsonFile(
      dir,
      'manifest.json',
      'This manifest',
      manifest,
    );
    // Hash the bytes as stored, not a re-serialisation.
    const manifestSha256 = createHash('sha256')
      .update(await readFile(join(dir, manifestFile.path)))
      .digest('hex');

    const stamp = generatedAt.replace(/[:.]/g, '-');
    const scopePart = scope
      ? `-${scopeText(scope).replace(/[^A-Za-z0-9._-]+/g, '_')}`
      : '';
    return {
      manifest,
      manifestSha256,
      findings,
      fileName: `evidence-${framework.id}${scopePart}-${stamp}.tar.gz`,
      writeTo: out =>
        pipeline(
          Readable.from(
            createTar(
              {
                cwd: dir,
                gzip: true,
                portable: true,
                mtime: new Date(generatedAt),
              },
              ['manifest.json', ...manifest.files.map(file => file.path)],
            ),
          ),
          out,
        ),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  }

  /** Lists the objects behind a failing result, page by page; what cannot be listed is a problem. */
  private async addFailingObjects(
    finding: ComplianceFinding,
    request: EvidencePackRequest,
    objects: CsvAndJson<FailingObject>,
    problems: string[],
  ) {
    const { checkId, scope } = finding.result;
    const source = this.options.sources.find(s => s.handles(checkId));
    if (!source?.listResources) return;
    let cursor: string | undefined;
    try {
      do {
        const page = await source.listResources({
          checkId,
          scope,
          limit: OBJECT_PAGE,
          cursor,
          credentials: request.credentials,
        });
        for (const object of page.items) {
          await objects.add({
            controlId: finding.controlId,
            checkId,
            scope,
            object,
          });
        }
        cursor = page.nextCursor;
      } while (cursor);
    } catch (error) {
      this.options.logger.warn(
        `Evidence pack: objects of ${checkId} in ${scopeKey(scope)}: ${error}`,
      );
      problems.push(
        `failing objects of ${checkId} in ${scopeKey(
          scope,
        )} could not be listed (${(error as Error).message})`,
      );
    }
  }

  /**
   * The registers' records about the framework's checks (in the scope) that overlap the period,
   * and the evidence files uploaded with those attestations, as uploaded.
   */
  private async writeRegisters(
    dir: string,
    framework: Framework,
    request: EvidencePackRequest,
    problems: string[],
  ): Promise<{
    files: EvidencePackFile[];
    evidence: OscalEvidenceResource[];
  }> {
    const { store } = this.options;
    const now = this.now();
    const checkIds = new Set(framework.controls.flatMap(c => c.requiredChecks));
    const inScope = (scope: ScopeRef) =>
      !request.scope || scopeKey(scope) === scopeKey(request.scope);
    const [waivers, attestations] = await Promise.all([
      store.listWaivers({ limit: REGISTER_LIMIT }),
      store.listAttestations({ limit: REGISTER_LIMIT }),
    ]);
    if (
      waivers.length === REGISTER_LIMIT ||
      attestations.length === REGISTER_LIMIT
    ) {
      problems.push(
        `registers: only the newest ${REGISTER_LIMIT} waivers and attestations were read`,
      );
    }
    const waiverFiles = new CsvAndJson(
      dir,
      'waivers',
      'The waiver register: requests, decisions and revocations overlapping the period',
      waiverColumns,
    );
    for (const stored of waivers) {
      const { request: w } = stored;
      if (
        checkIds.has(w.checkId) &&
        inScope(w.scope) &&
        overlaps(w.requestedAt, w.expiresAt, request.from, request.to)
      ) {
        await waiverFiles.add(waiverView(stored, now));
      }
    }
    const evidenceFiles: Array<OscalEvidenceResource | undefined> = [];
    const attestationFiles = new CsvAndJson(
      dir,
      'attestations',
      'The attestation register: attestations and revocations overlapping the period',
      attestationColumns,
    );
    for (const stored of attestations) {
      const { attestation: a } = stored;
      if (
        checkIds.has(a.checkId) &&
        inScope(a.scope) &&
        overlaps(a.attestedAt, a.expiresAt, request.from, request.to)
      ) {
        await attestationFiles.add(attestationView(stored, now));
        if (a.evidence.file) {
          evidenceFiles.push(
            await this.writeEvidenceFile(dir, stored.attestation, problems),
          );
        }
      }
    }
    const evidence = evidenceFiles.filter(
      (file): file is OscalEvidenceResource => file !== undefined,
    );
    return {
      files: [
        ...(await waiverFiles.close()),
        ...(await attestationFiles.close()),
        ...evidence.map(file => ({
          path: file.path,
          sha256: file.file.sha256,
          bytes: file.file.bytes,
          rows: 0,
          description: `Evidence file of attestation ${file.attestationId} (${file.file.contentType}), as uploaded`,
        })),
      ],
      evidence,
    };
  }

  /**
   * Copies one attestation's evidence file into the pack (one file in memory at a time, at most
   * the upload limit). Its bytes must still hash to what was recorded: a file that does not is
   * left out and named as a problem, never listed under the recorded hash.
   */
  private async writeEvidenceFile(
    dir: string,
    attestation: StoredAttestation['attestation'],
    problems: string[],
  ): Promise<OscalEvidenceResource | undefined> {
    const stored = await this.options.store.getEvidenceFile(attestation.id);
    const sha256 = stored
      ? createHash('sha256').update(stored.content).digest('hex')
      : undefined;
    if (!stored || sha256 !== attestation.evidence.file?.sha256) {
      problems.push(
        `evidence file of attestation ${attestation.id}: ${
          stored ? 'its bytes no longer match the recorded SHA-256' : 'missing'
        }; left out`,
      );
      return undefined;
    }
    const path = evidenceFilePath(attestation);
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), stored.content);
    return {
      attestationId: attestation.id,
      checkId: attestation.checkId,
      scope: attestation.scope,
      attestedBy: attestation.attestedBy,
      path,
      file: stored.file,
    };
  }
}
