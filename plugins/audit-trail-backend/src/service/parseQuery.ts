import { InputError } from '@backstage/errors';
import {
  AuditEventQuery,
  CountInterval,
  DetectionQuery,
  Severity,
} from '@sparki/audit-trail-common';
import { parseInput } from '@sparki/request-validation';
import { z } from 'zod';

const isoTime = z
  .string()
  .refine(value => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time')
  .transform(value => new Date(value).toISOString());

const booleanFlag = z
  .enum(['true', 'false'])
  .transform(value => value === 'true');

const limit = z.coerce.number().int().min(1).max(1000);

const eventQuerySchema = z
  .object({
    from: isoTime,
    to: isoTime,
    actor: z.string().min(1),
    eventName: z.string().min(1),
    eventSource: z.string().min(1),
    accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    region: z.string().min(1),
    errorCode: z.string().min(1),
    hasError: booleanFlag,
    readOnly: booleanFlag,
    resourceArn: z.string().startsWith('arn:'),
    cursor: z.string().min(1),
    limit,
  })
  .partial();

const detectionQuerySchema = z
  .object({
    from: isoTime,
    to: isoTime,
    ruleId: z.string().min(1),
    accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    severity: z.enum([
      'low',
      'medium',
      'high',
      'critical',
    ] satisfies Severity[]),
    cursor: z.string().min(1),
    limit,
  })
  .partial();

export function parseEventQuery(query: unknown): AuditEventQuery {
  const parsed = parseInput(eventQuerySchema, query, 'query');
  if (parsed.from && parsed.to && parsed.from >= parsed.to) {
    throw new InputError('from must be before to');
  }
  return parsed;
}

export function parseDetectionQuery(query: unknown): DetectionQuery {
  return parseInput(detectionQuerySchema, query, 'query');
}

export function parseInterval(value: unknown): CountInterval {
  if (value === undefined) return 'hour';
  if (value === 'hour' || value === 'day') return value;
  throw new InputError('interval must be hour or day');
}
