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
  CatalogControl,
  ClusterHistory,
  ClusterObjectView,
  ClusterScores,
  ClusterStatus,
  ClusterWhatIfRequest,
  FindingsPage,
  ItemList,
  securityPostureReadPermission,
  ScanRequest,
  securityPostureScanPermission,
  Snapshot,
  WhatIfResponse,
} from '@sparki/security-posture-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { parseInput } from '@sparki/request-validation';
import {
  clusterParams,
  findingsQuery,
  historyQuery,
  objectQuery,
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

  router.get('/openapi.json', async (request, response) => {
    await httpAuth.credentials(request);
    response.json(options.openApiDocument);
  });

  router.get('/clusters', async (request, response) => {
    const credentials = await read(request);
    const entityRefs = await options.clusterEntityRefs(credentials);
    const body: ItemList<ClusterStatus> = {
      items: await queries.clusters(entityRefs),
    };
    response.json(body);
  });

  router.get('/clusters/:cluster/history', async (request, response) => {
    await read(request);
    const { cluster } = parseInput(clusterParams, request.params, 'path');
    const query = parseInput(historyQuery, request.query, 'query');
    const body: ClusterHistory = {
      cluster,
      points: await queries.history(cluster, query),
    };
    response.json(body);
  });

  router.get('/clusters/:cluster/objects', async (request, response) => {
    await read(request);
    const { cluster } = parseInput(clusterParams, request.params, 'path');
    const query = parseInput(objectQuery, request.query, 'query');
    const body: ClusterObjectView = await queries.clusterObject(cluster, query);
    response.json(body);
  });

  router.get('/scores', async (request, response) => {
    await read(request);
    const body: ItemList<ClusterScores> = {
      items: await queries.scores(
        parseInput(scoresQuery, request.query, 'query'),
      ),
    };
    response.json(body);
  });

  router.get('/findings', async (request, response) => {
    await read(request);
    const { limit, cursor, ...filters } = parseInput(
      findingsQuery,
      request.query,
      'query',
    );
    const body: FindingsPage = await queries.findings(filters, {
      limit,
      cursor,
    });
    response.json(body);
  });

  router.get('/controls', async (request, response) => {
    await read(request);
    const body: ItemList<CatalogControl> = { items: engine.controls() };
    response.json(body);
  });

  router.get('/snapshots/:id', async (request, response) => {
    await read(request);
    const { id } = parseInput(snapshotParams, request.params, 'path');
    const body: Snapshot = await queries.snapshot(id);
    response.json(body);
  });

  router.get('/snapshots/:id/document', async (request, response) => {
    await read(request);
    const { id } = parseInput(snapshotParams, request.params, 'path');
    response.type('application/json').send(await queries.snapshotDocument(id));
  });

  router.post('/what-if', async (request, response) => {
    await read(request);
    const { cluster, ...simulation }: ClusterWhatIfRequest = parseInput(
      whatIfBody,
      request.body,
      'body',
    );
    const inventory = await queries.whatIfInventory(cluster);
    const body: WhatIfResponse = {
      cluster,
      inventoryCollectedAt: inventory.collectedAt,
      ...engine.whatIf(inventory, simulation),
    };
    response.json(body);
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
      const { cluster }: ScanRequest = parseInput(
        scanBody,
        request.body,
        'body',
      );
      const snapshot: Snapshot = await scans.scanCluster(cluster);
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
