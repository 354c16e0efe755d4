import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  securityPostureReadPermission,
  securityPostureScanPermission,
} from '@sparki/security-posture-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import {
  clusterParams,
  findingsQuery,
  historyQuery,
  parse,
  scanBody,
  scoresQuery,
  snapshotParams,
  whatIfBody,
} from './schema/validation';
import { PostureEngine } from './service/PostureEngine';
import { QueryService } from './service/QueryService';
import { ScanService } from './service/ScanService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  scans: ScanService;
  queries: QueryService;
  engine: PostureEngine;
  /** Cluster name → catalog entity ref, read with the caller's credentials. */
  clusterEntityRefs(
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>>;
  openApiDocument: object;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, scans, queries, engine } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  async function authorize(request: Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(request);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  }
  const read = (request: Request) =>
    authorize(request, securityPostureReadPermission);

  router.get('/openapi.json', (_request, response) => {
    response.json(options.openApiDocument);
  });

  router.get('/clusters', async (request, response) => {
    const credentials = await read(request);
    const entityRefs = await options.clusterEntityRefs(credentials);
    response.json({ items: await queries.clusters(entityRefs) });
  });

  router.get('/clusters/:cluster/history', async (request, response) => {
    await read(request);
    const { cluster } = parse(clusterParams, request.params, 'path');
    const query = parse(historyQuery, request.query, 'query');
    response.json({ cluster, points: await queries.history(cluster, query) });
  });

  router.get('/scores', async (request, response) => {
    await read(request);
    response.json({
      items: await queries.scores(parse(scoresQuery, request.query, 'query')),
    });
  });

  router.get('/findings', async (request, response) => {
    await read(request);
    const { limit, cursor, ...filters } = parse(
      findingsQuery,
      request.query,
      'query',
    );
    response.json(await queries.findings(filters, { limit, cursor }));
  });

  router.get('/controls', async (request, response) => {
    await read(request);
    response.json({ items: engine.controls() });
  });

  router.get('/snapshots/:id', async (request, response) => {
    await read(request);
    const { id } = parse(snapshotParams, request.params, 'path');
    response.json(await queries.snapshot(id));
  });

  router.get('/snapshots/:id/document', async (request, response) => {
    await read(request);
    const { id } = parse(snapshotParams, request.params, 'path');
    response.type('application/json').send(await queries.snapshotDocument(id));
  });

  router.post('/what-if', async (request, response) => {
    await read(request);
    const { cluster, ...simulation } = parse(whatIfBody, request.body, 'body');
    const inventory = await scans.inventoryForWhatIf(cluster);
    const result = engine.whatIf(inventory, simulation);
    response.json({
      cluster,
      inventoryCollectedAt: inventory.collectedAt,
      ...result,
    });
  });

  router.post('/scans', async (request, response) => {
    const auditorEvent = await auditor.createEvent({
      eventId: 'scan-trigger',
      severityLevel: 'medium',
      request,
      meta: {
        cluster:
          typeof request.body?.cluster === 'string'
            ? request.body.cluster
            : null,
      },
    });
    try {
      await authorize(request, securityPostureScanPermission);
      const { cluster } = parse(scanBody, request.body, 'body');
      const snapshot = await scans.scanCluster(cluster);
      await auditorEvent.success({
        meta: {
          snapshotId: snapshot.id,
          sha256: snapshot.sha256,
          partial: snapshot.partial,
        },
      });
      response.status(201).json(snapshot);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
