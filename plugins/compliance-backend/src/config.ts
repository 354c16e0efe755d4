import { Config } from '@backstage/config';
import { ScopeRef, scopeKinds } from '@sparki/compliance-common';
import { z } from 'zod';
import { NotificationOptions } from './service/ComplianceNotifier';
import { AuditTrailSourceOptions } from './sources/AuditTrailCheckSource';
import { DeployRecordsOptions } from './sources/DeployRecordsCheckSource';

export interface ComplianceOptions {
  cacheSeconds: number;
  sourceTimeoutSeconds: number;
  changeCheckSeconds: number;
  attestationScopes: ScopeRef[];
  posture: { maxAgeHours: number; namespaceScopes: boolean };
  auditTrail: AuditTrailSourceOptions;
  detectionsReviewed: { maxAgeDays: number };
  deploy: DeployRecordsOptions;
  notifications: NotificationOptions;
  evidenceFiles: { maxBytes: number };
}

/** An evidence file uploaded with an attestation is at most this large unless configured. */
export const defaultEvidenceFileMaxBytes = 10 * 1024 * 1024;

const positive = (fallback: number) =>
  z.number().positive('expected a positive number').default(fallback);

const wholeDays = (fallback: number) =>
  z
    .number()
    .int('expected a whole number of days')
    .positive('expected a positive number')
    .default(fallback);

const schema = z.strictObject({
  cacheSeconds: z.number().min(0, 'expected 0 or more').default(60),
  sourceTimeoutSeconds: positive(60),
  changeCheckSeconds: positive(60),
  attestationScopes: z
    .array(
      z.strictObject({
        kind: z.enum(scopeKinds),
        id: z.string().trim().min(1, 'is required'),
      }),
    )
    .default([]),
  posture: z
    .strictObject({
      maxAgeHours: positive(48),
      namespaceScopes: z.boolean().default(false),
    })
    .default({ maxAgeHours: 48, namespaceScopes: false }),
  auditTrail: z
    .strictObject({
      accounts: z
        .array(
          z.strictObject({
            accountId: z
              .string()
              .regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
            regions: z
              .array(
                z
                  .string()
                  .regex(
                    /^[a-z]{2}(-[a-z]+)+-\d$/,
                    'expected a region, e.g. eu-west-1',
                  ),
              )
              .min(1, 'list at least one region'),
          }),
        )
        .default([]),
      periodDays: positive(7),
      maxGapHours: positive(24),
      alertedSeverities: z
        .array(
          z.enum(['critical', 'high', 'medium', 'low'], {
            error: 'expected critical, high, medium or low',
          }),
        )
        .optional(),
    })
    .default({ accounts: [], periodDays: 7, maxGapHours: 24 }),
  detectionsReviewed: z
    .strictObject({ maxAgeDays: positive(7) })
    .default({ maxAgeDays: 7 }),
  deploy: z
    .strictObject({
      prodEnvironments: z
        .array(
          z
            .string()
            .regex(
              /^[a-z0-9][a-z0-9-]*$/,
              'expected an environment name such as prod',
            ),
        )
        .min(1, 'list at least one environment')
        .default(['prod']),
      approvedChangesDays: wholeDays(30),
      rollbackDays: wholeDays(90),
    })
    .default({
      prodEnvironments: ['prod'],
      approvedChangesDays: 30,
      rollbackDays: 90,
    }),
  notifications: z
    .strictObject({
      recipients: z
        .array(
          z
            .string()
            .regex(
              /^(user|group):[^/\s]+\/\S+$/,
              'expected a user or group ref, e.g. group:default/security-auditors',
            ),
        )
        .default([]),
      minScore: z
        .number()
        .min(0, 'expected 0–1')
        .max(1, 'expected 0–1')
        .optional(),
      expiryWarningDays: positive(14),
    })
    .default({ recipients: [], expiryWarningDays: 14 }),
  evidenceFiles: z
    .strictObject({
      maxBytes: z
        .number()
        .int('expected a whole number of bytes')
        .positive('expected a positive number')
        .default(defaultEvidenceFileMaxBytes),
    })
    .default({ maxBytes: defaultEvidenceFileMaxBytes }),
});

/** `compliance` from config, validated: bad config stops the backend with every problem named. */
export function readComplianceOptions(config: Config): ComplianceOptions {
  const parsed = schema.safeParse(config.getOptional('compliance') ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid compliance config:\n  ${parsed.error.issues
        .map(issue => `compliance.${issue.path.join('.')}: ${issue.message}`)
        .join('\n  ')}`,
    );
  }
  return parsed.data;
}
