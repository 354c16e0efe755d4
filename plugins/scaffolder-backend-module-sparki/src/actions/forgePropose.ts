import {
  AuditorService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { EventsService } from '@backstage/plugin-events-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { FORGE_EVENTS_TOPIC } from '@sparki/sparki-forge-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LocalForge } from '../forge/LocalForge';

export const FORGE_PROPOSE_ACTION_ID = 'sparki:forge:propose';

/**
 * Proposes the files of a workspace directory as a change on the embedded git forge: a branch off
 * main plus a change record, the local counterpart of publish:github:pull-request.
 */
export function createForgeProposeAction(options: {
  /** Undefined when sparki.environments.localForge is not configured. */
  forge?: LocalForge;
  auditor: AuditorService;
  /** Told of every proposal, so the catalog shows it as proposed right away. */
  events?: EventsService;
}) {
  const { forge, auditor, events } = options;
  return createTemplateAction({
    id: FORGE_PROPOSE_ACTION_ID,
    description:
      'Commits workspace files to a new branch of the local git forge and records the change for review',
    supportsDryRun: true,
    examples: [
      {
        description: 'Propose a generated environment root',
        example: `steps:
  - id: propose
    action: ${FORGE_PROPOSE_ACTION_ID}
    input:
      branchName: environment/payments-dev
      title: Environment payments-dev (dev)
      description: New dev environment.
      sourcePath: environments/payments-dev
      targetPath: environments/payments-dev`,
      },
    ],
    schema: {
      input: {
        branchName: z => z.string().describe('Branch to create off main'),
        title: z => z.string().min(1).describe('Title of the change'),
        description: z =>
          z.string().optional().describe('Body of the change (Markdown)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory of the workspace to commit (default: the workspace)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory of the repository the files go to (default: its root)',
            ),
        removePaths: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Files or directories of main to delete (e.g. a root, to decommission it); with it and no sourcePath, no file is added',
            ),
      },
      output: {
        changeId: z => z.string().describe('Id of the change on the forge'),
        branch: z => z.string(),
        remoteUrl: z =>
          z.string().describe('Where the repository can be cloned from'),
        commitHash: z => z.string().optional(),
        diff: z =>
          z
            .string()
            .optional()
            .describe(
              'Unified diff of the change against main (in a dry run too, once the repository exists)',
            ),
      },
    },
    async handler(ctx) {
      if (!forge) {
        throw new InputError(
          `${FORGE_PROPOSE_ACTION_ID} needs sparki.environments.localForge in the configuration`,
        );
      }
      const { input } = ctx;
      const removePaths = input.removePaths ?? [];
      const targetPath = (input.targetPath ?? '').replace(/^\/+|\/+$/g, '');
      const files =
        input.sourcePath === undefined && removePaths.length > 0
          ? []
          : await readTree(
              resolveSafeChildPath(ctx.workspacePath, input.sourcePath ?? '.'),
              targetPath,
            );
      const proposal = {
        branch: input.branchName,
        title: input.title,
        body: input.description ?? '',
        author: ctx.user?.ref ?? 'unknown',
        files,
        removePaths,
      };
      if (ctx.isDryRun) {
        // Same refusals as a real run, nothing written (the diff is computed aside).
        await forge.checkProposal(proposal);
        ctx.logger.info(
          `Dry run: would propose ${files.length} files on branch ${input.branchName} of the local forge`,
        );
        if (await forge.hasRepository()) {
          ctx.output('diff', await forge.previewDiff(proposal));
        }
        ctx.output('changeId', 'dry-run');
        ctx.output('branch', input.branchName);
        ctx.output('remoteUrl', forge.remoteUrl);
        return;
      }
      const event = await auditor.createEvent({
        eventId: 'forge-change-propose',
        severityLevel: 'medium',
        meta: {
          branch: proposal.branch,
          author: proposal.author,
          files: files.length,
        },
      });
      try {
        const change = await forge.propose(proposal);
        await event.success({ meta: { changeId: change.id } });
        ctx.logger.info(
          `Proposed change ${change.id} on branch ${change.branch} of the local forge (${files.length} files)`,
        );
        ctx.output('changeId', change.id);
        ctx.output('branch', change.branch);
        ctx.output('remoteUrl', forge.remoteUrl);
        ctx.output('commitHash', change.headCommit);
        ctx.output('diff', await forge.diff(change.id));
        // The catalog also catches up on its schedule: a lost event only delays it.
        try {
          await events?.publish({
            topic: FORGE_EVENTS_TOPIC,
            eventPayload: { changeId: change.id, action: 'propose' },
          });
        } catch (error) {
          ctx.logger.warn(`Could not announce change ${change.id}: ${error}`);
        }
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}

/** Regular files below `dir`, as repository paths under `targetPath`; links are refused. */
async function readTree(dir: string, targetPath: string) {
  const entries = await fs
    .readdir(dir, { recursive: true, withFileTypes: true })
    .catch(() => {
      throw new InputError(
        `Nothing to propose: no directory ${path.basename(
          dir,
        )} in the workspace`,
      );
    });
  const files: Array<{ path: string; content: Buffer }> = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full).split(path.sep).join('/');
    if (!entry.isFile()) {
      throw new InputError(
        `Only regular files can be proposed, not ${relative}`,
      );
    }
    files.push({
      path: targetPath ? `${targetPath}/${relative}` : relative,
      content: await fs.readFile(full),
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
