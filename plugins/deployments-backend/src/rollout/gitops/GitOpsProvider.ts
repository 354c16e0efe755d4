import { parseAllDocuments } from 'yaml';
import type { RolloutStatus } from '@sparki/deployments-common';
import {
  colorStatus,
  switchAnnotations,
} from '../kubernetes/BlueGreenServiceProvider';
import {
  Color,
  colors,
  otherColor,
  RolloutBackendError,
  RolloutChange,
  RolloutOutcome,
  RolloutProvider,
  RolloutRefusedError,
} from '../RolloutProvider';
import { GitAuthor, GitOpsRepository } from './GitOpsRepository';

export interface GitOpsTarget {
  repository: GitOpsRepository;
  /** The manifest file holding the Service, relative to the repository root. */
  file: string;
  namespace: string;
  service: string;
}

/** The trailer that ties a commit to the decision it carries out. */
const EVENT_TRAILER = 'Sparki-Event';

function authorOf(change: RolloutChange): GitAuthor {
  if (change.actor.kind === 'system') {
    return {
      name: `Sparki Portal (${change.actor.name})`,
      email: 'portal@sparki.local',
    };
  }
  // user:default/carol → carol; the entity ref stays in the message.
  const name = change.actor.userRef.replace(/^user:(?:[^/]+\/)?/, '');
  return { name, email: `${name}@users.sparki.local` };
}

function byOf(change: RolloutChange): string {
  return change.actor.kind === 'user'
    ? change.actor.userRef
    : `system:${change.actor.name}`;
}

/**
 * Blue-green where Argo CD or Flux owns the objects: an imperative patch would be reverted at the
 * next sync, so the switch is a commit to the manifests repository that edits the Service's
 * `version` selector (and its who/when/why annotations) in place, keeping the rest of the file.
 */
export class GitOpsProvider implements RolloutProvider {
  readonly kind = 'gitops' as const;

  constructor(private readonly target: GitOpsTarget) {}

  async status(): Promise<RolloutStatus> {
    const { repository, file, namespace, service } = this.target;
    try {
      const source = await repository.readFile(await repository.head(), file);
      const document = parseAllDocuments(source).find(
        doc =>
          doc.get('kind') === 'Service' &&
          doc.getIn(['metadata', 'name']) === service &&
          (doc.getIn(['metadata', 'namespace']) ?? namespace) === namespace,
      );
      if (!document) {
        return {
          kind: this.kind,
          phase: `${file} has no Service ${namespace}/${service}`,
        };
      }
      return colorStatus(
        this.kind,
        document.getIn(['spec', 'selector', 'version']),
      );
    } catch (error) {
      return { kind: this.kind, phase: (error as Error).message };
    }
  }

  async prepare(): Promise<void> {
    await this.target.repository.head();
  }

  async promote(change: RolloutChange): Promise<RolloutOutcome> {
    return this.switchTo(change, 'promote', current => otherColor(current));
  }

  async rollback(change: RolloutChange, to: string): Promise<RolloutOutcome> {
    if (!(colors as readonly string[]).includes(to)) {
      throw new RolloutRefusedError(
        `cannot roll back ${this.target.service} to "${to}": expected blue or green`,
      );
    }
    return this.switchTo(change, 'rollback', () => to as Color);
  }

  private async switchTo(
    change: RolloutChange,
    action: 'promote' | 'rollback',
    pick: (current: Color) => Color,
  ): Promise<RolloutOutcome> {
    const { repository, file, namespace, service } = this.target;
    const where = `${file} in ${repository.gitDir}`;
    let head: string;
    let source: string;
    try {
      head = await repository.head();
      source = await repository.readFile(head, file);
    } catch (error) {
      throw new RolloutBackendError(
        `cannot read ${where}: ${(error as Error).message}`,
      );
    }
    // A retried call of the same decision after a commit it could not record: nothing to redo.
    const headMessage = await repository.message(head);
    const documents = parseAllDocuments(source);
    const document = documents.find(
      doc =>
        doc.get('kind') === 'Service' &&
        doc.getIn(['metadata', 'name']) === service &&
        (doc.getIn(['metadata', 'namespace']) ?? namespace) === namespace,
    );
    if (!document || document.errors.length > 0) {
      throw new RolloutRefusedError(
        document
          ? `${where} does not parse: ${document.errors[0].message}`
          : `${where} has no Service ${namespace}/${service}`,
      );
    }
    const selected = document.getIn(['spec', 'selector', 'version']);
    if (
      typeof selected !== 'string' ||
      !(colors as readonly string[]).includes(selected)
    ) {
      throw new RolloutRefusedError(
        `Service ${namespace}/${service} in ${where} selects version ${JSON.stringify(
          selected ?? null,
        )}, not blue or green`,
      );
    }
    const current = selected as Color;
    if (headMessage.includes(`\n${EVENT_TRAILER}: ${change.eventId}\n`)) {
      return {
        from: otherColor(current),
        to: current,
        providerRef: { provider: this.kind, id: head },
        summary: `${where} already selects ${current} (commit ${head.slice(
          0,
          12,
        )})`,
      };
    }
    const to = pick(current);
    if (to === current) {
      return {
        from: current,
        to,
        providerRef: { provider: this.kind, id: head },
        summary: `${where} already selects ${to}`,
      };
    }
    document.setIn(['spec', 'selector', 'version'], to);
    const annotations: Array<[string, string]> = [
      [switchAnnotations.by, byOf(change)],
      [switchAnnotations.at, change.at.toISOString()],
      [switchAnnotations.reason, change.reason],
      [switchAnnotations.request, change.requestId],
      [switchAnnotations.event, change.eventId],
    ];
    for (const [key, value] of annotations) {
      document.setIn(['metadata', 'annotations', key], value);
    }
    const content = documents.map(doc => doc.toString()).join('');
    const message = [
      `${
        action === 'promote' ? 'Promote' : 'Roll back'
      } ${namespace}/${service} to ${to}`,
      '',
      `${byOf(change)} switched the Service selector from ${current} to ${to}.`,
      `Reason: ${change.reason}`,
      '',
      `Sparki-Request: ${change.requestId}`,
      `${EVENT_TRAILER}: ${change.eventId}`,
      '',
    ].join('\n');
    let commit: string;
    try {
      commit = await repository.commitFile({
        parent: head,
        file,
        content,
        message,
        author: authorOf(change),
      });
    } catch (error) {
      if ((error as Error).name === 'ConflictError') throw error;
      throw new RolloutBackendError(
        `cannot commit to ${where}: ${(error as Error).message}`,
      );
    }
    return {
      from: current,
      to,
      providerRef: { provider: this.kind, id: commit },
      summary: `${where}: ${namespace}/${service} switched from ${current} to ${to} in commit ${commit.slice(
        0,
        12,
      )}`,
    };
  }
}
