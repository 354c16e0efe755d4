import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  AttestationBody,
  attestationUploadParts,
  complianceApprovePermission,
  complianceAttestPermission,
  complianceEvidencePackPermission,
  complianceTriagePermission,
  complianceWaivePermission,
  evidencePackManifestHeader,
  scopeKey,
  WaiverRequestBody,
} from '@sparki/compliance-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import multer from 'multer';
import { parseInput } from '@sparki/request-validation';
import {
  EvidencePack,
  EvidencePackService,
} from './evidence/EvidencePackService';
import { evidencePackQuery } from './evidence/query';
import { ComplianceService } from './service/ComplianceService';
import { describeUpload, tooLarge } from './service/evidenceFiles';
import { RegisterService } from './service/RegisterService';
import { ScoreSnapshotService } from './service/ScoreSnapshotService';
import {
  acknowledgeBody,
  acknowledgementsQuery,
  attestationListQuery,
  controlHistoryQuery,
  controlParams,
  controlQuery,
  decisionBody,
  eventParams,
  frameworkParams,
  historyQuery,
  idParams,
  overviewQuery,
  rejectBody,
  resourcesQuery,
  revocationBody,
  scopePageQuery,
  scopeQuery,
  toStoredTime,
  waiverListQuery,
} from './validation';

type AuditMeta = NonNullable<
  Parameters<AuditorService['createEvent']>[0]['meta']
>;

export interface RouterOptions {
  compliance: ComplianceService;
  registers: RegisterService;
  snapshots: ScoreSnapshotService;
  evidencePacks: EvidencePackService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** The largest evidence file accepted (`compliance.evidenceFiles.maxBytes`). */
  evidenceFileMaxBytes: number;
}

/** The `attestation` part of a multipart upload, or the body itself: the JSON of the attestation. */
const MAX_ATTESTATION_JSON = 64 * 1024;

/** The body as an object: the common validators then name each bad field. */
function objectBody(request: Request): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('Invalid body: expected a JSON object');
  }
  return body;
}

/**
 * Reads a multipart attestation upload into memory (`req.file`, at most `maxBytes`, and the
 * `attestation` part in `req.body`); resolves without doing anything for a JSON body.
 */
function multipartReader(maxBytes: number) {
  // multer's types name another copy of express's: the handler is express's own.
  const read = multer({
    storage: multer.memoryStorage(),
    // Browsers send UTF-8 file names without saying so.
    defParamCharset: 'utf8',
    limits: {
      fileSize: maxBytes,
      files: 1,
      fields: 1,
      parts: 2,
      fieldSize: MAX_ATTESTATION_JSON,
    },
  }).single(attestationUploadParts.file) as unknown as express.RequestHandler;
  return (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) =>
      read(req, res, (error: unknown) => {
        if (!error) {
          resolve();
        } else if (error instanceof multer.MulterError) {
          reject(
            error.code === 'LIMIT_FILE_SIZE'
              ? tooLarge(maxBytes)
              : new InputError(
                  `Invalid upload: ${error.message}${
                    error.field ? ` (${error.field})` : ''
                  }; send the parts ${
                    attestationUploadParts.attestation
                  } (JSON) and ${attestationUploadParts.file}`,
                ),
          );
        } else {
          // Malformed multipart (busboy).
          reject(new InputError(`Invalid upload: ${(error as Error).message}`));
        }
      }),
    );
}

/** The attestation of a multipart upload: its `attestation` part as JSON. */
function uploadedAttestation(request: Request): Record<string, unknown> {
  const text = request.body?.[attestationUploadParts.attestation];
  if (typeof text !== 'string') {
    throw new InputError(
      `Invalid upload: the ${attestationUploadParts.attestation} part (the attestation as JSON) is required`,
    );
  }
  try {
    return objectBody({ body: JSON.parse(text) } as Request);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `Invalid upload: the ${attestationUploadParts.attestation} part is not JSON`,
    );
  }
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    compliance,
    registers,
    snapshots,
    evidencePacks,
    httpAuth,
    permissions,
    auditor,
    evidenceFileMaxBytes,
  } = options;
  const router = Router();
  router.use(express.json({ limit: MAX_ATTESTATION_JSON }));
  const readMultipart = multipartReader(evidenceFileMaxBytes);

  /** A signed-in person: every record names who made it. */
  async function person(request: Request) {
    const credentials = await httpAuth.credentials(request, {
      allow: ['user'],
    });
    return { credentials, userRef: credentials.principal.userEntityRef };
  }

  async function authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /**
   * A mutation as an audited action: the event is created before authentication, so refusals are
   * recorded too, and ends with the outcome.
   */
  async function audited<T>(
    request: Request,
    eventId: string,
    meta: AuditMeta,
    permission: BasicPermission,
    run: (userRef: string) => Promise<T>,
    outcome: (result: T) => AuditMeta,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request,
      meta,
    });
    try {
      const { credentials, userRef } = await person(request);
      await authorize(credentials, permission);
      const result = await run(userRef);
      await event.success({ meta: outcome(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  const readable = (request: Request) =>
    httpAuth.credentials(request, { allow: ['user', 'service'] });

  router.get('/overview', async (req, res) => {
    await readable(req);
    const query = parseInput(overviewQuery, req.query, 'query');
    res.json(await compliance.overview(query));
  });

  router.get('/frameworks/:frameworkId', async (req, res) => {
    await readable(req);
    const { frameworkId } = parseInput(frameworkParams, req.params, 'path');
    const { scope } = parseInput(scopeQuery, req.query, 'query');
    res.json(await compliance.framework(frameworkId, scope));
  });

  router.get('/frameworks/:frameworkId/scopes', async (req, res) => {
    await readable(req);
    const { frameworkId } = parseInput(frameworkParams, req.params, 'path');
    const page = parseInput(scopePageQuery, req.query, 'query');
    res.json(await compliance.frameworkScopes(frameworkId, page));
  });

  router.get(
    '/frameworks/:frameworkId/controls/:controlId',
    async (req, res) => {
      await readable(req);
      const { frameworkId, controlId } = parseInput(
        controlParams,
        req.params,
        'path',
      );
      const query = parseInput(controlQuery, req.query, 'query');
      res.json(await compliance.control(frameworkId, controlId, query));
    },
  );

  router.get(
    '/frameworks/:frameworkId/controls/:controlId/resources',
    async (req, res) => {
      const credentials = await readable(req);
      const params = parseInput(controlParams, req.params, 'path');
      const query = parseInput(resourcesQuery, req.query, 'query');
      res.json(
        await compliance.resources({ ...params, ...query, credentials }),
      );
    },
  );

  router.get(
    '/frameworks/:frameworkId/controls/:controlId/history',
    async (req, res) => {
      await readable(req);
      const params = parseInput(controlParams, req.params, 'path');
      const query = parseInput(controlHistoryQuery, req.query, 'query');
      res.json(
        await snapshots.controlHistory({
          ...params,
          scope: query.scope,
          from: toStoredTime(query.from),
          to: toStoredTime(query.to),
          limit: query.limit,
        }),
      );
    },
  );

  router.get('/waivers', async (req, res) => {
    await readable(req);
    const filter = parseInput(waiverListQuery, req.query, 'query');
    res.json({ items: await registers.listWaivers(filter) });
  });

  router.get('/waivers/:id', async (req, res) => {
    await readable(req);
    const { id } = parseInput(idParams, req.params, 'path');
    res.json(await registers.getWaiver(id));
  });

  router.post('/waivers', async (req, res) => {
    const view = await audited(
      req,
      'compliance-waiver-request',
      { checkId: req.body?.checkId, scope: req.body?.scope },
      complianceWaivePermission,
      requester =>
        registers.requestWaiver(
          objectBody(req) as unknown as WaiverRequestBody,
          requester,
        ),
      waiver => ({ waiverId: waiver.id, expiresAt: waiver.expiresAt }),
    );
    res.status(201).json(view);
  });

  router.post('/waivers/:id/approve', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'compliance-waiver-approve',
      { waiverId: id },
      complianceApprovePermission,
      approver => {
        const { comment } = parseInput(decisionBody, req.body, 'body');
        return registers.decideWaiver(id, 'approved', approver, comment);
      },
      waiver => ({ waiverId: waiver.id, state: waiver.state }),
    );
    res.json(view);
  });

  router.post('/waivers/:id/reject', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'compliance-waiver-reject',
      { waiverId: id },
      complianceApprovePermission,
      approver => {
        const { comment } = parseInput(rejectBody, req.body, 'body');
        return registers.decideWaiver(id, 'rejected', approver, comment);
      },
      waiver => ({ waiverId: waiver.id, state: waiver.state }),
    );
    res.json(view);
  });

  router.post('/waivers/:id/revoke', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'compliance-waiver-revoke',
      { waiverId: id },
      complianceApprovePermission,
      by => {
        const { reason } = parseInput(revocationBody, req.body, 'body');
        return registers.revokeWaiver(id, by, reason);
      },
      waiver => ({ waiverId: waiver.id, state: waiver.state }),
    );
    res.json(view);
  });

  router.get('/attestations', async (req, res) => {
    await readable(req);
    const filter = parseInput(attestationListQuery, req.query, 'query');
    res.json({ items: await registers.listAttestations(filter) });
  });

  // JSON (a link), or multipart/form-data with the evidence file. The upload is read only once
  // the caller may attest: a refused caller's file is never taken in.
  router.post('/attestations', async (req, res) => {
    const view = await audited(
      req,
      'compliance-attestation-create',
      {
        checkId: req.body?.checkId,
        scope: req.body?.scope,
        upload: req.is('multipart/form-data') === 'multipart/form-data',
      },
      complianceAttestPermission,
      async attestedBy => {
        if (!req.is('multipart/form-data')) {
          return registers.createAttestation(
            objectBody(req) as unknown as AttestationBody,
            attestedBy,
          );
        }
        await readMultipart(req, res);
        const body = uploadedAttestation(req);
        const upload = req.file
          ? {
              file: describeUpload(
                {
                  originalName: req.file.originalname,
                  declaredType: req.file.mimetype,
                  content: req.file.buffer,
                },
                evidenceFileMaxBytes,
              ),
              content: req.file.buffer,
            }
          : undefined;
        return registers.createAttestation(
          body as unknown as AttestationBody,
          attestedBy,
          upload,
        );
      },
      attestation => ({
        attestationId: attestation.id,
        checkId: attestation.checkId,
        scope: scopeKey(attestation.scope),
        expiresAt: attestation.expiresAt,
        evidenceUrl: attestation.evidence.url,
        evidenceFile: attestation.evidence.file && {
          ...attestation.evidence.file,
        },
      }),
    );
    res.status(201).json(view);
  });

  // Evidence files can be as sensitive as the pack that holds them (a pen test's report): the
  // pack's permission, and every download audited. Always an attachment of the stored,
  // allowlisted type with `nosniff`, so an uploaded file never renders in the portal's origin.
  router.get('/attestations/:id/evidence-file', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const event = await auditor.createEvent({
      eventId: 'compliance-evidence-file-download',
      severityLevel: 'low',
      request: req,
      meta: { attestationId: id },
    });
    let stored: Awaited<ReturnType<RegisterService['getEvidenceFile']>>;
    try {
      const { credentials } = await person(req);
      await authorize(credentials, complianceEvidencePackPermission);
      stored = await registers.getEvidenceFile(id);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    const { file, content } = stored;
    // `attachment` quotes the name and adds its UTF-8 form (RFC 6266); the type is set after it.
    res.attachment(file.name);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
    res.status(200).end(content);
    await event.success({
      meta: { attestationId: id, name: file.name, sha256: file.sha256 },
    });
  });

  router.post('/attestations/:id/revoke', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'path');
    const view = await audited(
      req,
      'compliance-attestation-revoke',
      { attestationId: id },
      complianceAttestPermission,
      by => {
        const { reason } = parseInput(revocationBody, req.body, 'body');
        return registers.revokeAttestation(id, by, reason);
      },
      attestation => ({
        attestationId: attestation.id,
        state: attestation.state,
      }),
    );
    res.json(view);
  });

  router.get('/history', async (req, res) => {
    await readable(req);
    const query = parseInput(historyQuery, req.query, 'query');
    res.json(
      await snapshots.history({
        frameworkId: query.framework,
        scope: query.scope,
        from: toStoredTime(query.from),
        to: toStoredTime(query.to),
        asOf: toStoredTime(query.asOf),
        limit: query.limit,
      }),
    );
  });

  router.get('/detections/acknowledgements', async (req, res) => {
    await readable(req);
    const filter = parseInput(acknowledgementsQuery, req.query, 'query');
    res.json({ items: await registers.listAcknowledgements(filter) });
  });

  router.post('/detections/:eventId/acknowledge', async (req, res) => {
    const { eventId } = parseInput(eventParams, req.params, 'path');
    const ack = await audited(
      req,
      'compliance-detection-acknowledge',
      { eventId },
      complianceTriagePermission,
      by => {
        const { ruleId, note } = parseInput(acknowledgeBody, req.body, 'body');
        return registers.acknowledgeDetection(eventId, ruleId, by, note);
      },
      result => ({ eventId: result.eventId, ruleId: result.ruleId }),
    );
    res.status(201).json(ack);
  });

  router.get('/evidence-pack', async (req, res) => {
    // A pack takes every result and register record out of the portal: who took which pack (its
    // manifest hash), or was refused it, is audited.
    const event = await auditor.createEvent({
      eventId: 'compliance-evidence-pack-download',
      severityLevel: 'medium',
      request: req,
      meta: { query: req.query },
    });
    let pack: EvidencePack;
    try {
      const { credentials, userRef } = await person(req);
      await authorize(credentials, complianceEvidencePackPermission);
      const query = parseInput(evidencePackQuery, req.query, 'query');
      pack = await evidencePacks.build({
        frameworkId: query.framework,
        scope: query.scope,
        from: query.from,
        to: query.to,
        generatedBy: userRef,
        credentials,
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    const { manifest, manifestSha256 } = pack;
    try {
      res.status(200);
      res.setHeader('Content-Type', 'application/gzip');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${pack.fileName}"`,
      );
      res.setHeader(evidencePackManifestHeader, manifestSha256);
      // The frontend runs on another origin in development: let it read the hash.
      res.setHeader(
        'Access-Control-Expose-Headers',
        `${evidencePackManifestHeader}, Content-Disposition`,
      );
      await pack.writeTo(res);
      await event.success({
        meta: {
          framework: manifest.framework.id,
          scope: manifest.scope ? scopeKey(manifest.scope) : undefined,
          period: manifest.period,
          manifestSha256,
          files: manifest.files.length,
          findings: pack.findings,
        },
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      // Mid-stream: cut the response so the archive is not taken for complete.
      if (!res.destroyed) res.destroy(error as Error);
    } finally {
      await pack.dispose();
    }
  });

  return router;
}
