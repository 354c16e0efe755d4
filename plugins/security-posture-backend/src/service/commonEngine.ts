import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  buildInventory,
  controlCatalog,
  evaluateInventory,
  ManifestFile,
  parseManifests,
  scoreNamespacesByFramework,
  scorePosture,
  whatIfPodSecurity,
} from '@sparki/security-posture-common';
import { PostureEngine } from './PostureEngine';

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

async function readManifestFiles(directory: string): Promise<ManifestFile[]> {
  let entries;
  try {
    entries = await readdir(directory, {
      withFileTypes: true,
      recursive: true,
    });
  } catch (error) {
    throw new Error(
      `Cannot read manifest directory ${directory}: ${
        (error as Error).message
      }`,
    );
  }
  const files = entries
    .filter(
      entry =>
        entry.isFile() && manifestExtensions.has(path.extname(entry.name)),
    )
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async file => ({
      name: path.relative(directory, file),
      content: await readFile(file, 'utf8'),
    })),
  );
}

/** The engine built on `@sparki/security-posture-common`: the same code the frontend and CLI run. */
export function createCommonEngine(): PostureEngine {
  return {
    controls: () =>
      controlCatalog.map(({ evaluate: _evaluate, ...metadata }) => metadata),
    evaluate: inventory => evaluateInventory(inventory),
    score: results => ({
      ...scorePosture(results),
      byNamespaceFramework: scoreNamespacesByFramework(results),
    }),
    whatIf: (inventory, request) => {
      if (
        request.namespace !== undefined &&
        !inventory.objects.namespaces.some(
          n => n.metadata.name === request.namespace,
        )
      ) {
        throw new NotFoundError(
          `Namespace "${request.namespace}" does not exist in cluster "${inventory.cluster}"`,
        );
      }
      try {
        return whatIfPodSecurity(inventory, request);
      } catch (error) {
        if (error instanceof TypeError) throw new InputError(error.message);
        throw error;
      }
    },
    readManifests: async (directory, cluster, collectedAt) => {
      const objects = parseManifests(await readManifestFiles(directory));
      return buildInventory(objects, { cluster, collectedAt }).inventory;
    },
  };
}
