import type {
  Detection,
  DetectionPage,
  IngestRun,
  ItemList,
} from '@sparki/audit-trail-common';
import {
  CheckResource,
  detectionsReviewedCheckId,
  RawCheckResult,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckResourceQuery,
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import { canonicalJson, sha256Hex } from '../service/hash';
import { ComplianceStore } from '../store/ComplianceStore';
import { PluginApiClient } from './PluginApiClient';

const day = 24 * 60 * 60 * 1000;
/** The audit-trail API's largest page. */
const pageSize = 1000;
/** How many overdue detections a failing result names; the resources list has them all. */
const namedInMessage = 5;

export interface DetectionsReviewedOptions {
  /** The AWS accounts judged (those of `compliance.auditTrail.accounts`). */
  accountIds: string[];
  /** `compliance.detectionsReviewed.maxAgeDays`: how long a critical detection may stay untriaged. */
  maxAgeDays: number;
  /** The clock of resource listings (collections get theirs from the service). */
  now?: () => Date;
}

interface AccountRead {
  /** Critical detections older than the allowed age, acknowledged or not. */
  overdue: Detection[];
  /** Those of `overdue` nobody acknowledged. */
  untriaged: Detection[];
}

/** Oldest first, then by event and rule: the order of results and the resources' cursor. */
function detectionKey(detection: Detection): string {
  return `${detection.eventTime}|${detection.eventId}|${detection.ruleId}`;
}

function describe(detection: Detection): string {
  return `${detection.eventName} (${detection.ruleId}) in ${detection.region} at ${detection.eventTime}, event ${detection.eventId}`;
}

/**
 * "Detections reviewed", per account: fails when a critical audit-trail detection older than
 * `maxAgeDays` has no acknowledgement in this plugin's store, naming those detections; passes when
 * every one is acknowledged (or there are none); `unknown` when the audit-trail API cannot be read
 * or the account's last ingestion failed (detections may be missing).
 */
export class DetectionsReviewedCheckSource implements ComplianceCheckSource {
  readonly id = 'detections-reviewed';

  constructor(
    private readonly api: PluginApiClient,
    private readonly store: Pick<ComplianceStore, 'listAcknowledgements'>,
    private readonly options: DetectionsReviewedOptions,
  ) {}

  handles(checkId: string): boolean {
    return checkId === detectionsReviewedCheckId;
  }

  private cutoff(now: Date): string {
    return new Date(
      now.getTime() - this.options.maxAgeDays * day,
    ).toISOString();
  }

  /** Every critical detection of the account up to `to`, all pages. */
  private async criticalDetections(
    accountId: string,
    to: string,
    onBehalfOf?: CheckResourceQuery['credentials'],
  ): Promise<Detection[]> {
    const detections: Detection[] = [];
    let cursor: string | undefined;
    do {
      const page: DetectionPage = await this.api.get<DetectionPage>(
        '/detections',
        { accountId, severity: 'critical', to, limit: pageSize, cursor },
        onBehalfOf,
      );
      detections.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return detections;
  }

  private async readAccount(
    accountId: string,
    now: Date,
    acknowledged: ReadonlySet<string>,
    onBehalfOf?: CheckResourceQuery['credentials'],
  ): Promise<AccountRead> {
    const overdue = (
      await this.criticalDetections(accountId, this.cutoff(now), onBehalfOf)
    ).sort((a, b) => (detectionKey(a) < detectionKey(b) ? -1 : 1));
    // One acknowledgement per CloudTrail event: it triages every detection of that event.
    const untriaged = overdue.filter(d => !acknowledged.has(d.eventId));
    return { overdue, untriaged };
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    const { accountIds, maxAgeDays } = this.options;
    if (accountIds.length === 0) return report;
    const observedAt = now.toISOString();
    const resultIn = (
      accountId: string,
      verdict: Pick<
        RawCheckResult,
        'state' | 'reason' | 'message' | 'population'
      >,
    ): RawCheckResult => ({
      checkId: detectionsReviewedCheckId,
      scope: { kind: 'account', id: accountId },
      observedAt,
      ...verdict,
    });

    const acknowledgements = await this.store.listAcknowledgements({});
    const acknowledged = new Set(acknowledgements.map(ack => ack.eventId));
    let failedRuns: IngestRun[];
    try {
      const { items } = await this.api.get<ItemList<IngestRun>>('/ingest-runs');
      failedRuns = items.filter(run => run.status === 'failed');
    } catch (error) {
      const message = `audit-trail API not readable: ${
        (error as Error).message
      }`;
      report.problems.push({ message });
      report.results = accountIds.map(accountId =>
        resultIn(accountId, { state: 'unknown', reason: 'error', message }),
      );
      return report;
    }

    const read: Record<string, string[]> = {};
    for (const accountId of accountIds) {
      let account: AccountRead;
      try {
        account = await this.readAccount(accountId, now, acknowledged);
      } catch (error) {
        const message = `audit-trail detections of ${accountId} not readable: ${
          (error as Error).message
        }`;
        report.problems.push({
          scope: { kind: 'account', id: accountId },
          message,
        });
        report.results.push(
          resultIn(accountId, { state: 'unknown', reason: 'error', message }),
        );
        continue;
      }
      const { overdue, untriaged } = account;
      read[accountId] = overdue.map(d => `${d.eventId}/${d.ruleId}`);
      const population = {
        applicable: overdue.length,
        failing: untriaged.length,
      };
      const ingestionFailed = failedRuns.some(run =>
        run.source.startsWith(`lookup-events:${accountId}:`),
      );
      if (untriaged.length > 0) {
        const named = untriaged.slice(0, namedInMessage).map(describe);
        const more = untriaged.length - named.length;
        report.results.push(
          resultIn(accountId, {
            state: 'fail',
            population,
            message: `${
              untriaged.length
            } critical detections older than ${maxAgeDays} days not acknowledged: ${named.join(
              '; ',
            )}${more > 0 ? `; and ${more} more` : ''}`,
          }),
        );
      } else if (ingestionFailed) {
        report.results.push(
          resultIn(accountId, {
            state: 'unknown',
            reason: 'error',
            population,
            message: `the account's last CloudTrail ingestion failed: critical detections may be missing`,
          }),
        );
      } else {
        report.results.push(
          resultIn(accountId, {
            state: 'pass',
            population,
            message:
              overdue.length === 0
                ? `no critical detections older than ${maxAgeDays} days`
                : `all ${overdue.length} critical detections older than ${maxAgeDays} days acknowledged`,
          }),
        );
      }
    }
    report.snapshots.push({
      source: this.id,
      id: `detections-reviewed:critical-before:${this.cutoff(now)}`,
      sha256: sha256Hex(
        canonicalJson({
          detections: read,
          acknowledged: [...acknowledged].sort(),
        }),
      ),
      takenAt: observedAt,
    });
    return report;
  }

  /**
   * The account's untriaged overdue critical detections, read as the caller (`audit-trail.read`),
   * oldest first.
   */
  async listResources(query: CheckResourceQuery) {
    const scope: ScopeRef = query.scope;
    if (
      !this.handles(query.checkId) ||
      scope.kind !== 'account' ||
      !this.options.accountIds.includes(scope.id)
    ) {
      return { items: [] };
    }
    const now = this.options.now?.() ?? new Date();
    const acknowledged = new Set(
      (await this.store.listAcknowledgements({})).map(ack => ack.eventId),
    );
    const { untriaged } = await this.readAccount(
      scope.id,
      now,
      acknowledged,
      query.credentials,
    );
    const after = query.cursor
      ? untriaged.filter(d => detectionKey(d) > query.cursor!)
      : untriaged;
    const page = after.slice(0, query.limit);
    return {
      items: page.map(
        (detection): CheckResource => ({
          kind: 'CloudTrailEvent',
          name: detection.eventName,
          state: 'fail',
          message: `${describe(detection)}: not acknowledged`,
          evidence: { ...detection },
          ref: { source: 'audit-trail', id: detection.eventId },
        }),
      ),
      ...(after.length > page.length
        ? { nextCursor: detectionKey(page[page.length - 1]) }
        : {}),
    };
  }
}
