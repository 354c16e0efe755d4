import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { getFramework, UserRef } from '@sparki/compliance-common';
import { ComplianceStore } from '../store/ComplianceStore';
import { attestationView, waiverView } from './RegisterService';
import { SnapshotRun } from './ScoreSnapshotService';

const day = 24 * 60 * 60 * 1000;

/** Where auditors act: the compliance pages of `@sparki/compliance`. */
export const COMPLIANCE_PAGE_LINK = '/compliance';

export interface NotificationOptions {
  /** Who hears about scores (entity refs: users or groups); none: no score notifications. */
  recipients: string[];
  /** A framework's roll-up audit conservative score falling below this (0–1) is notified. */
  minScore?: number;
  /** Waivers and attestations expiring within this many days are notified to their people. */
  expiryWarningDays: number;
}

const percent = (value: number | null) =>
  value === null ? 'unknown' : `${Math.round(value * 100)} %`;

/**
 * Backstage notifications after each snapshot run: a framework's score falling below its
 * threshold and a critical control newly failing (to `recipients`, only on a change against the
 * previous snapshot, never on the first), and waivers and attestations about to expire (to their
 * requester, approver or attester). Each is sent once: its key is claimed in the store first.
 * Never throws: the pages are the truth, a notification only points to them.
 */
export class ComplianceNotifier {
  constructor(
    private readonly options: NotificationOptions & {
      notifications: NotificationService;
      store: ComplianceStore;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async notify(run: SnapshotRun): Promise<void> {
    try {
      const sends = [
        ...this.scoreNotifications(run),
        ...(await this.expiryNotifications()),
      ];
      const sentAt = this.now().toISOString();
      for (const { key, send } of sends) {
        const { recipients } = send;
        if (recipients.type === 'entity' && recipients.entityRef.length === 0) {
          continue;
        }
        if (await this.options.store.claimNotification(key, sentAt)) {
          await this.options.notifications.send(send);
        }
      }
    } catch (error) {
      this.options.logger.warn(
        `Compliance notifications not sent: ${(error as Error).message}`,
      );
    }
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  private scoreNotifications(
    run: SnapshotRun,
  ): Array<{ key: string; send: NotificationSendOptions }> {
    const { recipients, minScore } = this.options;
    const sends: Array<{ key: string; send: NotificationSendOptions }> = [];
    for (const { snapshot, previous } of run.written) {
      // The roll-up of each framework; a first snapshot has nothing to compare with.
      if (snapshot.scope || !previous) continue;
      const title =
        getFramework(snapshot.frameworkId)?.title ?? snapshot.frameworkId;
      const now = snapshot.audit.conservativeScore;
      const before = previous.audit.conservativeScore;
      if (
        minScore !== undefined &&
        now !== null &&
        now < minScore &&
        (before === null || before >= minScore)
      ) {
        sends.push({
          key: `score-below:${snapshot.frameworkId}:${snapshot.id}`,
          send: {
            recipients: { type: 'entity', entityRef: recipients },
            payload: {
              title: `${title}: score fell to ${percent(
                now,
              )} (threshold ${percent(minScore)})`,
              description: `Conservative audit score, unknown counting as 0; it was ${percent(
                before,
              )}. Coverage ${percent(snapshot.audit.coverage)}.`,
              link: `${COMPLIANCE_PAGE_LINK}/frameworks/${snapshot.frameworkId}`,
              severity: 'high',
              topic: 'compliance-score',
              scope: `compliance:score:${snapshot.frameworkId}`,
            },
          },
        });
      }
      const failedBefore = new Set(
        previous.controls
          .filter(control => control.status === 'failing')
          .map(control => control.controlId),
      );
      for (const control of snapshot.controls) {
        if (
          control.severity !== 'critical' ||
          control.status !== 'failing' ||
          failedBefore.has(control.controlId)
        ) {
          continue;
        }
        sends.push({
          key: `critical-failing:${snapshot.frameworkId}:${control.controlId}:${snapshot.id}`,
          send: {
            recipients: { type: 'entity', entityRef: recipients },
            payload: {
              title: `${title} ${control.controlId} (critical) now fails`,
              link: `${COMPLIANCE_PAGE_LINK}/frameworks/${snapshot.frameworkId}/controls/${control.controlId}`,
              severity: 'critical',
              topic: 'compliance-control',
              scope: `compliance:control:${snapshot.frameworkId}:${control.controlId}`,
            },
          },
        });
      }
    }
    return sends;
  }

  private async expiryNotifications(): Promise<
    Array<{ key: string; send: NotificationSendOptions }>
  > {
    const now = this.now();
    const horizon = now.getTime() + this.options.expiryWarningDays * day;
    const expiring = (expiresAt: string) => Date.parse(expiresAt) <= horizon;
    const [waivers, attestations] = await Promise.all([
      this.options.store.listWaivers({ limit: 100_000 }),
      this.options.store.listAttestations({ limit: 100_000 }),
    ]);
    const send = (
      key: string,
      to: UserRef[],
      title: string,
      description: string,
      link: string,
    ) => ({
      key,
      send: {
        recipients: { type: 'entity' as const, entityRef: [...new Set(to)] },
        payload: {
          title,
          description,
          link,
          severity: 'normal' as const,
          topic: 'compliance-expiry',
          scope: key,
        },
      },
    });
    return [
      ...waivers
        .map(waiver => waiverView(waiver, now))
        .filter(view => view.state === 'approved' && expiring(view.expiresAt))
        .map(view =>
          send(
            `waiver-expiring:${view.id}`,
            [view.requester, view.decision!.by],
            `Waiver of ${view.checkId} in ${view.scope.id} expires soon`,
            `It ends ${view.expiresAt}; the raw result counts again then.`,
            `${COMPLIANCE_PAGE_LINK}/waivers/${view.id}`,
          ),
        ),
      ...attestations
        .map(stored => attestationView(stored, now))
        .filter(view => view.state === 'current' && expiring(view.expiresAt))
        .map(view =>
          send(
            `attestation-expiring:${view.id}`,
            [view.attestedBy],
            `Attestation of ${view.checkId} in ${view.scope.id} expires soon: attest it again`,
            `It ends ${view.expiresAt}; the check is unknown (stale) after that.`,
            `${COMPLIANCE_PAGE_LINK}/attestations/${view.id}`,
          ),
        ),
    ];
  }
}
