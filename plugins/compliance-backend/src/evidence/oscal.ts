import type {
  ControlStatus,
  ControlSummary,
  EvidenceFile,
  EvidencePackFile,
  Framework,
  ScopeRef,
  UserRef,
} from '@sparki/compliance-common';
import { scopeKey } from '@sparki/compliance-common';
import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceFinding } from '../service/ComplianceService';
import { TextPackFile } from './packFiles';

/** The OSCAL model version the document is written against (NIST OSCAL, assessment results). */
export const oscalVersion = '1.0.6';
/** Namespace of the properties this document adds to OSCAL's own. */
const ns = 'https://sparki.dev/ns/oscal/compliance';

export const oscalFileName = 'oscal-assessment-results.json';

/** OSCAL's reasons for a control's status: unknown, waived and not applicable are `other`. */
const objectiveReason: Record<ControlStatus, 'pass' | 'fail' | 'other'> = {
  satisfied: 'pass',
  failing: 'fail',
  unknown: 'other',
  waived: 'other',
  'not-applicable': 'other',
};

/**
 * A UUID (version 5 layout) derived from the document's own id and a key: findings refer to
 * their observations without holding a table of ids.
 */
function derivedUuid(seed: string, key: string): string {
  const hex = createHash('sha1').update(`${seed}\n${key}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(
    13,
    16,
  )}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** OSCAL strings: non-empty, no surrounding or repeated whitespace, no line breaks. */
function oscalString(text: string): string | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

/** OSCAL tokens start with a letter or `_`: CIS ids (`5.2.3`) are qualified by the framework. */
export function oscalControlId(frameworkId: string, controlId: string) {
  return `${frameworkId}-${controlId}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
}

function props(values: Record<string, string | number | undefined>) {
  const list = Object.entries(values).flatMap(([name, value]) => {
    const text = value === undefined ? undefined : oscalString(String(value));
    return text === undefined ? [] : [{ name, ns, value: text }];
  });
  return list.length > 0 ? { props: list } : {};
}

/** An uploaded evidence file in the pack: a back-matter resource with its hash. */
export interface OscalEvidenceResource {
  attestationId: string;
  checkId: string;
  scope: ScopeRef;
  attestedBy: UserRef;
  /** The file's path in the pack. */
  path: string;
  file: EvidenceFile;
}

/**
 * Writes the pack's OSCAL assessment-results document as the results stream by: one observation
 * per check result, one finding per control (satisfied, or not satisfied: unknown never counts
 * as satisfied) relating its observations. Observations and findings are written to two part
 * files and joined at the end, so nothing grows with the number of results but one control's ids.
 */
export class OscalAssessmentResults {
  private readonly documentId = randomUUID();
  private readonly observations: TextPackFile;
  private readonly findings: TextPackFile;
  private currentControl?: string;
  private related: string[] = [];
  private observationCount = 0;
  private findingCount = 0;

  constructor(
    private readonly dir: string,
    private readonly framework: Framework,
    private readonly controls: ReadonlyMap<string, ControlSummary>,
  ) {
    this.observations = new TextPackFile(dir, '.oscal-observations', '');
    this.findings = new TextPackFile(dir, '.oscal-findings', '');
  }

  async observe(finding: ComplianceFinding): Promise<void> {
    if (finding.controlId !== this.currentControl) await this.endControl();
    this.currentControl = finding.controlId;
    const { result } = finding;
    const uuid = derivedUuid(
      this.documentId,
      `${finding.controlId}|${result.checkId}|${scopeKey(result.scope)}|${
        this.observationCount
      }`,
    );
    this.related.push(uuid);
    const observation = {
      uuid,
      title: `${result.checkId} in ${scopeKey(result.scope)}`,
      description:
        oscalString(result.message ?? '') ??
        `${result.checkId}: ${result.state}`,
      ...props({
        'check-id': result.checkId,
        scope: scopeKey(result.scope),
        state: result.state,
        'raw-state': result.raw.state,
        reason: result.reason ?? result.raw.reason,
        'population-applicable': result.population?.applicable,
        'population-failing': result.population?.failing,
        'waiver-id': result.waiverId,
        'attestation-id': result.attestationId,
      }),
      methods: [result.state === 'attested' ? 'EXAMINE' : 'TEST'],
      types: [result.raw.state === 'fail' ? 'finding' : 'control-objective'],
      collected: new Date(result.observedAt).toISOString(),
      ...(result.validUntil
        ? { expires: new Date(result.validUntil).toISOString() }
        : {}),
    };
    await this.observations.append(
      `${this.observationCount === 0 ? '' : ',\n'}${JSON.stringify(
        observation,
      )}`,
    );
    this.observationCount += 1;
  }

  private async endControl(): Promise<void> {
    if (this.currentControl === undefined) return;
    const control = this.framework.controls.find(
      c => c.id === this.currentControl,
    )!;
    const summary = this.controls.get(control.id);
    const status: ControlStatus = summary?.status ?? 'unknown';
    const finding = {
      uuid: derivedUuid(this.documentId, `finding|${control.id}`),
      title: `${control.id} ${control.title}`,
      description: oscalString(control.description) ?? control.title,
      ...props({ status, severity: control.severity }),
      target: {
        type: 'objective-id',
        'target-id': oscalControlId(this.framework.id, control.id),
        status: {
          state: status === 'satisfied' ? 'satisfied' : 'not-satisfied',
          reason: objectiveReason[status],
        },
      },
      ...(this.related.length > 0
        ? {
            'related-observations': this.related.map(id => ({
              'observation-uuid': id,
            })),
          }
        : {}),
    };
    await this.findings.append(
      `${this.findingCount === 0 ? '' : ',\n'}${JSON.stringify(finding)}`,
    );
    this.findingCount += 1;
    this.related = [];
  }

  /**
   * Joins the parts into the document and returns it as a pack file; `evidence` (the pack's
   * uploaded evidence files) become back-matter resources linking the file with its SHA-256.
   */
  async close(meta: {
    scope?: ScopeRef;
    from: string;
    to: string;
    generatedAt: string;
    generatedBy: UserRef;
    methodVersion: string;
    evidence: readonly OscalEvidenceResource[];
  }): Promise<EvidencePackFile> {
    await this.endControl();
    await this.observations.close();
    await this.findings.close();
    const { framework } = this;
    const partyUuid = derivedUuid(this.documentId, `party|${meta.generatedBy}`);
    const scope = meta.scope ? scopeKey(meta.scope) : 'every scope';
    const applicable = [...this.controls.values()].filter(
      c => c.status !== 'not-applicable',
    );
    const result = {
      uuid: derivedUuid(this.documentId, 'result'),
      title: `${framework.title} ${framework.version} in ${scope}`,
      description: `Sparki Portal's continuous assessment of ${framework.title} ${framework.version} (${framework.section}) in ${scope}, scoring method ${meta.methodVersion}.`,
      start: meta.from,
      end: meta.to,
      ...props({ scope, 'method-version': meta.methodVersion }),
      'reviewed-controls': {
        'control-selections': [
          applicable.length > 0
            ? {
                'include-controls': applicable.map(c => ({
                  'control-id': oscalControlId(framework.id, c.id),
                })),
              }
            : { 'include-all': {} },
        ],
      },
    };
    const header = {
      uuid: this.documentId,
      metadata: {
        title: `Evidence pack: ${framework.title} ${framework.version}, ${scope}`,
        'last-modified': meta.generatedAt,
        version: meta.generatedAt,
        'oscal-version': oscalVersion,
        ...props({
          framework: framework.id,
          'framework-version': framework.version,
        }),
        parties: [{ uuid: partyUuid, type: 'person', name: meta.generatedBy }],
      },
      'import-ap': {
        href: `#${framework.id}`,
        remarks:
          'No assessment plan document: the framework and its checks are versioned data of Sparki Portal, assessed continuously.',
      },
    };
    // Objects without their closing brace: the observations and findings go in before it.
    const open = (value: object) => JSON.stringify(value).slice(0, -1);
    const out = new TextPackFile(
      this.dir,
      oscalFileName,
      `OSCAL ${oscalVersion} assessment results: one observation per result, one finding per control`,
    );
    await out.append(
      `{"assessment-results":${open(header)},"results":[${open(result)}`,
    );
    if (this.observationCount > 0) {
      await out.append(',\n"observations": [\n');
      await out.appendFile(join(this.dir, '.oscal-observations'));
      await out.append('\n]');
    }
    if (this.findingCount > 0) {
      await out.append(',\n"findings": [\n');
      await out.appendFile(join(this.dir, '.oscal-findings'));
      await out.append('\n]');
    }
    await out.append('}]');
    if (meta.evidence.length > 0) {
      const resources = meta.evidence.map(evidence => ({
        uuid: derivedUuid(
          this.documentId,
          `evidence|${evidence.attestationId}`,
        ),
        title: oscalString(evidence.file.name) ?? evidence.attestationId,
        description: `Evidence file of attestation ${evidence.attestationId}: ${
          evidence.checkId
        } in ${scopeKey(evidence.scope)}, attested by ${evidence.attestedBy}`,
        ...props({
          'attestation-id': evidence.attestationId,
          'check-id': evidence.checkId,
          scope: scopeKey(evidence.scope),
        }),
        rlinks: [
          {
            href: evidence.path,
            'media-type': evidence.file.contentType,
            hashes: [{ algorithm: 'SHA-256', value: evidence.file.sha256 }],
          },
        ],
      }));
      await out.append(`,\n"back-matter":${JSON.stringify({ resources })}`);
    }
    await out.append('}}\n');
    out.countRow();
    const file = await out.close();
    await rm(join(this.dir, '.oscal-observations'));
    await rm(join(this.dir, '.oscal-findings'));
    return file;
  }

  abort(): void {
    this.observations.abort();
    this.findings.abort();
  }
}
