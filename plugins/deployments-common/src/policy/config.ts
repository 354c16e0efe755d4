import { z } from 'zod';

export const weekdays = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * The policy of one environment, as configured under `deployments.environments.<name>`. It comes
 * from config only: catalog annotations are editable by service owners, so they never loosen it.
 */
export interface EnvironmentPolicy {
  approvals: ApprovalPolicy;
  /** Members of the service's owning group cannot approve its deploys. */
  separationOfDuties: boolean;
  /** When set, deploys are allowed only inside one of these windows (or with a `freeze` override). */
  changeWindows?: ChangeWindow[];
  freezes: Freeze[];
  postureGate?: PostureGatePolicy;
  bakeTime?: { minutes: number };
  expiry?: { approvalsHours?: number; requestHours?: number };
}

export interface ApprovalPolicy {
  /** How many distinct people must approve. */
  required: number;
  /** Members of these groups may approve (group entity refs). */
  allowedGroups: string[];
  /** These users may approve (user entity refs). */
  allowedUsers: string[];
  /** At least one approval from a member of each of these groups; their members may approve. */
  requiredGroups: string[];
}

export interface ChangeWindow {
  days: Weekday[];
  /** `HH:MM`, local time in `timeZone`. */
  from: string;
  /** `HH:MM` (up to `24:00`); before `from` means the window runs past midnight. */
  to: string;
  /** IANA time zone, e.g. `Europe/Berlin`; daylight saving time is taken into account. */
  timeZone: string;
}

export interface Freeze {
  /** ISO 8601 with offset; the freeze holds from `from` (inclusive) to `to` (exclusive). */
  from: string;
  to: string;
  reason: string;
}

export interface PostureGatePolicy {
  /** The target cluster's latest score (0–100) must be at least this. */
  minScore: number;
  /** No critical control may fail. */
  noFailingCritical: boolean;
  /** The snapshot may be at most this old. */
  maxAgeHours: number;
}

const groupRef = z
  .string()
  .regex(
    /^group:[^:/\s]+\/\S+$/,
    'expected a group entity ref such as group:default/release-approvers',
  );
const userRef = z
  .string()
  .regex(
    /^user:[^:/\s]+\/\S+$/,
    'expected a user entity ref such as user:default/dave',
  );
const clockTime = z
  .string()
  .regex(
    /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/,
    'expected a time HH:MM between 00:00 and 24:00',
  );
const timestamp = z.iso.datetime({
  offset: true,
  error:
    'expected an ISO 8601 timestamp with a time zone, e.g. 2026-12-20T00:00:00Z',
});
const positive = z
  .number({ error: 'expected a number' })
  .positive('expected a number above 0');

function isTimeZone(name: string): boolean {
  try {
    // Throws a RangeError for a zone the runtime's time zone database does not know.
    return (
      new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
        .timeZone !== ''
    );
  } catch {
    return false;
  }
}

const changeWindowSchema = z
  .strictObject({
    days: z
      .array(
        z.enum(weekdays, { error: `expected one of ${weekdays.join(', ')}` }),
      )
      .min(1, 'expected at least one day'),
    from: clockTime.refine(
      time => time !== '24:00',
      'a window cannot start at 24:00',
    ),
    to: clockTime,
    timeZone: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin'),
  })
  .refine(window => window.from !== window.to, {
    message: 'from and to are equal: the window would be empty',
    path: ['to'],
  });

const freezeSchema = z
  .strictObject({
    from: timestamp,
    to: timestamp,
    reason: z.string().trim().min(1, 'a freeze needs a reason'),
  })
  .refine(freeze => Date.parse(freeze.from) < Date.parse(freeze.to), {
    message: 'to must be after from',
    path: ['to'],
  });

export const environmentPolicySchema = z.strictObject({
  approvals: z
    .strictObject({
      required: z
        .number({ error: 'expected a number' })
        .int('expected a whole number')
        .min(0, 'expected 0 or more'),
      allowedGroups: z.array(groupRef).default([]),
      allowedUsers: z.array(userRef).default([]),
      requiredGroups: z.array(groupRef).default([]),
    })
    .refine(
      approvals =>
        !(approvals.required > 0) ||
        approvals.allowedGroups.length +
          approvals.allowedUsers.length +
          approvals.requiredGroups.length >
          0,
      {
        message:
          'approvals are required but nobody may approve: set allowedGroups or allowedUsers',
      },
    ),
  separationOfDuties: z
    .boolean({ error: 'expected true or false' })
    .default(false),
  changeWindows: z
    .array(changeWindowSchema)
    .min(1, 'expected at least one window (or leave changeWindows out)')
    .optional(),
  freezes: z.array(freezeSchema).default([]),
  postureGate: z
    .strictObject({
      minScore: z
        .number({ error: 'expected a number' })
        .min(0, 'expected 0–100')
        .max(100, 'expected 0–100'),
      noFailingCritical: z
        .boolean({ error: 'expected true or false' })
        .default(true),
      maxAgeHours: positive,
    })
    .optional(),
  bakeTime: z.strictObject({ minutes: positive }).optional(),
  expiry: z
    .strictObject({
      approvalsHours: positive.optional(),
      requestHours: positive.optional(),
    })
    .optional(),
}) satisfies z.ZodType<EnvironmentPolicy>;

export type PolicyParseResult =
  | { ok: true; policy: EnvironmentPolicy }
  | { ok: false; errors: string[] };

/**
 * Validates one environment's policy. Every problem is reported with its config path, e.g.
 * `deployments.environments.prod.approvals.required: expected a whole number`.
 */
export function parseEnvironmentPolicy(
  raw: unknown,
  path = 'deployments.environments.<environment>',
): PolicyParseResult {
  const result = environmentPolicySchema.safeParse(raw);
  if (result.success) return { ok: true, policy: result.data };
  return {
    ok: false,
    errors: result.error.issues.map(
      issue =>
        `${[path, ...issue.path.map(String)].join('.')}: ${issue.message}`,
    ),
  };
}

export type DeploymentsConfigParseResult =
  | { ok: true; environments: Record<string, EnvironmentPolicy> }
  | { ok: false; errors: string[] };

/** Validates the whole `deployments` config block (`{ environments: { <name>: policy } }`). */
export function parseDeploymentsConfig(
  raw: unknown,
): DeploymentsConfigParseResult {
  if (raw === undefined) return { ok: true, environments: {} };
  const block = z
    .strictObject({
      environments: z
        .record(
          z
            .string()
            .regex(
              /^[a-z0-9][a-z0-9-]*$/,
              'expected an environment name such as prod',
            ),
          z.unknown(),
        )
        .default({}),
      // Where traffic is switched (promote, rollback): validated by @sparki/deployments-backend.
      rollout: z.unknown().optional(),
      // The GitHub gates: validated by @sparki/deployments-backend.
      github: z.unknown().optional(),
      // When a deploy counts as stuck: validated by @sparki/deployments-backend.
      attention: z.unknown().optional(),
    })
    .safeParse(raw);
  if (!block.success) {
    return {
      ok: false,
      errors: block.error.issues.map(
        issue =>
          `${['deployments', ...issue.path.map(String)].join('.')}: ${
            issue.message
          }`,
      ),
    };
  }
  const environments: Record<string, EnvironmentPolicy> = {};
  const errors: string[] = [];
  for (const [name, rawPolicy] of Object.entries(block.data.environments)) {
    const parsed = parseEnvironmentPolicy(
      rawPolicy,
      `deployments.environments.${name}`,
    );
    // Frozen: a policy is a value (its hash is memoized per object, see policyHash).
    if (parsed.ok) environments[name] = deepFreeze(parsed.policy);
    else errors.push(...parsed.errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, environments };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
