import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { isError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  compliancePermissions,
  frameworks,
  ScopeRef,
} from '@sparki/compliance-common';
import {
  LocalForge,
  readEnvironmentsConfig,
} from '@sparki/scaffolder-backend-module-sparki';
import {
  ComplianceCheckSource,
  complianceCheckSourcesExtensionPoint,
} from '@sparki/compliance-node';
import { readComplianceOptions } from './config';
import { EvidencePackService } from './evidence/EvidencePackService';
import { createRouter } from './router';
import { ComplianceService } from './service/ComplianceService';
import { ComplianceMetrics } from './service/metrics';
import { ComplianceNotifier } from './service/ComplianceNotifier';
import { RegisterService } from './service/RegisterService';
import { ScoreSnapshotService } from './service/ScoreSnapshotService';
import { AttestationCheckSource } from './sources/AttestationCheckSource';
import { AuditTrailCheckSource } from './sources/AuditTrailCheckSource';
import { CatalogFactsCheckSource } from './sources/CatalogFactsCheckSource';
import { DeployRecordsCheckSource } from './sources/DeployRecordsCheckSource';
import { DetectionsReviewedCheckSource } from './sources/DetectionsReviewedCheckSource';
import { PluginApiClient } from './sources/PluginApiClient';
import { PostureCheckSource } from './sources/PostureCheckSource';
import { TerraformSettingsCheckSource } from './sources/TerraformSettingsCheckSource';
import {
  readRunbooksStaleAfterDays,
  RunbooksCheckSource,
} from './sources/RunbooksCheckSource';
import { KnexComplianceStore } from './store/KnexComplianceStore';

const snapshotTaskId = 'compliance-score-snapshots';

/**
 * The environments' generated Terraform, read from the local forge when the demo configures one
 * (`sparki.environments.localForge`); without it those catalog checks stay unknown.
 */
function terraformSettingsSources(
  config: Config,
  platformScopes: ScopeRef[],
): ComplianceCheckSource[] {
  if (!config.has('sparki.environments.localForge')) return [];
  const environments = readEnvironmentsConfig(config);
  if (!environments.localForge) return [];
  return [
    new TerraformSettingsCheckSource(
      new LocalForge({
        directory: environments.localForge.directory,
        seedModulesDir: environments.modulesDir,
        seedEnvironmentsDir: environments.localForge.seedEnvironmentsDir,
      }),
      { platformScopes },
    ),
  ];
}

/**
 * Compliance for auditors: frameworks scored from pluggable check sources, waivers and
 * attestations, score history; served at /api/compliance.
 */
export const compliancePlugin = createBackendPlugin({
  pluginId: 'compliance',
  register(env) {
    const addedSources: ComplianceCheckSource[] = [];
    env.registerExtensionPoint(complianceCheckSourcesExtensionPoint, {
      addCheckSource(...sources) {
        addedSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        notifications: notificationService,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, auth, discovery } = deps;
        const options = readComplianceOptions(deps.config);
        deps.permissionsRegistry.addPermissions(compliancePermissions);
        const store = await KnexComplianceStore.create({
          database: deps.database,
        });

        // Modules' sources first: one may take over the objects listing of a built-in's checks.
        const sources: ComplianceCheckSource[] = [
          ...addedSources,
          new PostureCheckSource(
            new PluginApiClient(discovery, auth, 'security-posture'),
            options.posture,
          ),
          new AuditTrailCheckSource(
            new PluginApiClient(discovery, auth, 'audit-trail'),
            options.auditTrail,
          ),
          new DetectionsReviewedCheckSource(
            new PluginApiClient(discovery, auth, 'audit-trail'),
            store,
            {
              accountIds: options.auditTrail.accounts.map(a => a.accountId),
              maxAgeDays: options.detectionsReviewed.maxAgeDays,
            },
          ),
          new AttestationCheckSource(store, options.attestationScopes),
          new CatalogFactsCheckSource(
            deps.catalog,
            auth,
            new PluginApiClient(discovery, auth, 'runbooks'),
            { platformScopes: options.attestationScopes },
          ),
          ...terraformSettingsSources(deps.config, options.attestationScopes),
          // The runbooks are the platform's: judged where the platform's attestations are.
          new RunbooksCheckSource(
            new PluginApiClient(discovery, auth, 'runbooks'),
            {
              scopes: options.attestationScopes,
              staleAfterDays: readRunbooksStaleAfterDays(deps.config),
            },
          ),
          new DeployRecordsCheckSource(
            new PluginApiClient(discovery, auth, 'deployments'),
            { ...options.deploy, platformScopes: options.attestationScopes },
          ),
        ];
        const duplicate = sources.find(
          (source, index) =>
            sources.findIndex(other => other.id === source.id) !== index,
        );
        if (duplicate) {
          throw new Error(
            `Two compliance check sources are named "${duplicate.id}"`,
          );
        }

        const compliance = new ComplianceService({
          frameworks,
          sources,
          store,
          logger,
          cacheSeconds: options.cacheSeconds,
          sourceTimeoutSeconds: options.sourceTimeoutSeconds,
        });
        const metrics = new ComplianceMetrics();
        const snapshots = new ScoreSnapshotService(
          compliance,
          store,
          frameworks,
        );
        const notifier = new ComplianceNotifier({
          ...options.notifications,
          notifications: deps.notifications,
          store,
          logger,
        });

        // Global: one replica writes the history. It looks for changes every
        // `changeCheckSeconds` (reading the sources at most once per `cacheSeconds`, like the
        // pages do) and writes only what is due: the day's first snapshot, or a change in the
        // figures, a control's checks or a source's data (a new posture scan, an ingestion, a
        // register decision). So the history starts at startup and follows the first scans.
        await scheduler.scheduleTask({
          id: snapshotTaskId,
          scope: 'global',
          frequency: { seconds: options.changeCheckSeconds },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            const run = await snapshots.take({ fresh: false });
            metrics.setLatest(run.evaluation);
            if (run.written.length > 0) {
              logger.info(`Stored ${run.written.length} score snapshots`);
            }
            await notifier.notify(run);
          },
        });

        /** A waiver or attestation changed: evaluate afresh and snapshot the change. */
        const changed = () => {
          compliance.invalidate();
          scheduler.triggerTask(snapshotTaskId).catch(error => {
            // Already running: that run reads the change too.
            if (!isError(error) || error.name !== 'ConflictError') {
              logger.warn(`Could not trigger the score snapshot: ${error}`);
            }
          });
        };

        deps.httpRouter.use(
          await createRouter({
            compliance,
            registers: new RegisterService(store, changed),
            snapshots,
            evidencePacks: new EvidencePackService({
              compliance,
              store,
              frameworks,
              sources,
              logger,
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            evidenceFileMaxBytes: options.evidenceFiles.maxBytes,
          }),
        );
        logger.info(
          `Compliance check sources: ${sources.map(s => s.id).join(', ')}`,
        );
      },
    });
  },
});
