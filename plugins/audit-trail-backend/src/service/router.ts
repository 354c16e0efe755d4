import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuditEventPage,
  auditTrailReadPermission,
  DetectionPage,
  DetectionRuleMetadata,
  detectionRules,
  EntityEventPage,
  EventCounts,
  ExportFormat,
  IngestRun,
  ItemList,
} from '@sparki/audit-trail-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { AuditEventStore } from '../database/AuditEventStore';
import { EventQueryService } from '../database/EventQueryService';
import { entityScope } from '../catalog/entityScope';
import {
  EventExporter,
  ExportPlan,
  parseExportFormat,
  refusalOf,
} from './exportEvents';
import {
  parseDetectionQuery,
  parseEventQuery,
  parseInterval,
} from './parseQuery';

export interface RouterOptions {
  /** Detections and ingestion runs. */
  store: AuditEventStore;
  /** Event search and counts: the store itself, or Athena. */
  events: EventQueryService;
  /** Exports over `events`, within their limits. */
  exporter: EventExporter;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  logger: LoggerService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, events, exporter, httpAuth, permissions, auditor, catalog } =
    options;
  const router = Router();
  router.use(express.json());

  /** Every route reads audit data: signed-in principals holding `audit-trail.read`. */
  const authorizeRead = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: auditTrailReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Reading the audit trail requires audit-trail.read',
      );
    }
    return credentials;
  };

  router.get('/events', async (req, res) => {
    await authorizeRead(req);
    const body: AuditEventPage = await events.searchEvents(
      parseEventQuery(req.query),
    );
    res.json(body);
  });

  router.get('/events/counts', async (req, res) => {
    await authorizeRead(req);
    const interval = parseInterval(req.query.interval);
    const {
      cursor: _cursor,
      limit: _limit,
      ...query
    } = parseEventQuery(req.query);
    const body: EventCounts = {
      interval,
      buckets: await events.countEvents(query, interval),
    };
    res.json(body);
  });

  router.get('/events/export', async (req, res) => {
    // An export takes audit data out of the portal: who took what, or was refused it and
    // why, is itself audited.
    const auditorEvent = await auditor.createEvent({
      eventId: 'audit-trail-export',
      severityLevel: 'medium',
      request: req,
      meta: { query: req.query },
    });
    let format: ExportFormat;
    let plan: ExportPlan;
    try {
      await authorizeRead(req);
      format = parseExportFormat(req.query.format);
      const {
        cursor: _cursor,
        limit: _limit,
        ...query
      } = parseEventQuery(req.query);
      plan = await exporter.plan(query);
    } catch (error) {
      await auditorEvent.fail({
        error: error as Error,
        meta: { refused: refusalOf(error) ?? 'error' },
      });
      throw error;
    }
    res.status(200);
    res.setHeader(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-events.${format}"`,
    );
    try {
      const exported = await exporter.write(plan, format, res);
      await auditorEvent.success({
        meta: { format, from: plan.query.from, to: plan.query.to, exported },
      });
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      if (res.headersSent) {
        // Mid-stream: cut the response so the file is not taken for complete.
        res.destroy(error as Error);
        return;
      }
      res.removeHeader('Content-Type');
      res.removeHeader('Content-Disposition');
      throw error;
    }
  });

  router.get('/entity-events', async (req, res) => {
    const credentials = await authorizeRead(req);
    const entityRef = req.query.entityRef;
    if (typeof entityRef !== 'string' || !entityRef) {
      throw new InputError(
        'entityRef is required, e.g. resource:default/aws-account-dev',
      );
    }
    // The caller's own credentials: entities they cannot see are not found.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const scope = entityScope(entity);
    const body: EntityEventPage = {
      scope,
      ...(await events.searchEvents(parseEventQuery(req.query), scope)),
    };
    res.json(body);
  });

  router.get('/detections', async (req, res) => {
    await authorizeRead(req);
    const body: DetectionPage = await store.listDetections(
      parseDetectionQuery(req.query),
    );
    res.json(body);
  });

  router.get('/rules', async (req, res) => {
    await authorizeRead(req);
    const body: ItemList<DetectionRuleMetadata> = {
      items: detectionRules.map(
        ({ matches: _matches, ...metadata }) => metadata,
      ),
    };
    res.json(body);
  });

  router.get('/ingest-runs', async (req, res) => {
    await authorizeRead(req);
    const body: ItemList<IngestRun> = {
      items: await store.latestIngestRuns(),
    };
    res.json(body);
  });

  return router;
}
