import {
  ControlStatus,
  Framework,
  Severity,
} from '@sparki/security-posture-common';
import { z } from 'zod';

const severities = [
  'critical',
  'high',
  'medium',
  'low',
] as const satisfies readonly Severity[];
const frameworks = [
  'pss-baseline',
  'pss-restricted',
  'network-policy',
  'rbac',
  'cis-kubernetes',
  'cis-eks',
] as const satisfies readonly Framework[];
const statuses = [
  'pass',
  'fail',
  'unknown',
  'not-applicable',
  'manual',
] as const satisfies readonly ControlStatus[];

// Compile-time check that the lists above name every value of the shared types.
type Unlisted =
  | Exclude<Severity, (typeof severities)[number]>
  | Exclude<Framework, (typeof frameworks)[number]>
  | Exclude<ControlStatus, (typeof statuses)[number]>;
export const everyValueListed: [Unlisted] extends [never] ? true : never = true;

const name = z.string().min(1).max(253);
const positiveId = z.coerce.number().int().positive();

/** Query and body schemas of the HTTP API; they mirror `openapi.yaml`. */
export const scoresQuery = z.strictObject({
  cluster: name.optional(),
  namespace: name.optional(),
  framework: z.enum(frameworks).optional(),
});

export const historyQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const findingsQuery = z.strictObject({
  cluster: name.optional(),
  snapshot: positiveId.optional(),
  namespace: name.optional(),
  control: name.optional(),
  severity: z.enum(severities).optional(),
  framework: z.enum(frameworks).optional(),
  status: z.enum(statuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(2000).optional(),
});

export const snapshotParams = z.strictObject({ id: positiveId });

export const objectQuery = z.strictObject({
  kind: z
    .string({ error: 'is required, e.g. Pod' })
    .regex(
      /^[A-Za-z][A-Za-z0-9]{0,62}$/,
      'expected a Kubernetes kind, e.g. Pod',
    ),
  name: z.string({ error: 'is required' }).pipe(name),
  namespace: name.optional(),
});

export const clusterParams = z.strictObject({ cluster: name });

export const scanBody = z.strictObject({ cluster: name });

export const whatIfBody = z.strictObject({
  cluster: name,
  /** Omit to simulate every namespace. */
  namespace: name.optional(),
  level: z.enum(['privileged', 'baseline', 'restricted']),
  version: z
    .string()
    .regex(
      /^(latest|v1\.(0|[1-9][0-9]{0,2}))$/,
      'expected "latest" or "v1.<minor>", e.g. v1.30',
    ),
});
