import { DeploymentRequest } from '@sparki/deployments-common';
import { DeploymentStore } from '../store/DeploymentStore';
import { stuckDeployStates } from '../store/KnexDeploymentStore';
import type { RolloutNotifier } from './RolloutNotifier';

/** Stuck requests read per page of a pass. */
const PAGE_SIZE = 100;

/**
 * Tells of deploys that crossed `stuckAfterMinutes` without a change (a scheduled global task):
 * each request once per revision it is stuck at, claimed in the database so neither a second
 * pass nor another replica tells it again.
 */
export class StuckDeployNotices {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DeploymentStore;
      notifier: Pick<RolloutNotifier, 'stuck'>;
      stuckAfterMinutes: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** One pass; returns the ids of the requests it told of. */
  async run(): Promise<string[]> {
    const { store, notifier, stuckAfterMinutes } = this.options;
    const now = this.now();
    const stuckSince = new Date(
      now.getTime() - stuckAfterMinutes * 60_000,
    ).toISOString();
    const told: string[] = [];
    let after: DeploymentRequest | undefined;
    for (;;) {
      const page = await store.list({
        states: stuckDeployStates,
        needsAttention: { stuckSince },
        limit: PAGE_SIZE,
        ...(after
          ? { after: { createdAt: after.createdAt, id: after.id } }
          : {}),
      });
      for (const request of page) {
        if (await store.claimStuckNotice(request.id, request.revision, now)) {
          await notifier.stuck(request, stuckAfterMinutes);
          told.push(request.id);
        }
      }
      if (page.length < PAGE_SIZE) return told;
      after = page[page.length - 1];
    }
  }
}
