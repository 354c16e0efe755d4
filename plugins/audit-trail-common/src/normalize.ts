import { AuditEvent, AuditEventResource, CloudTrailRecord } from './types';

export type NormalizeResult =
  | { ok: true; event: AuditEvent }
  | { ok: false; reason: string };

const REQUIRED_FIELDS = [
  'eventID',
  'eventTime',
  'eventName',
  'eventSource',
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** NUL and UTF-16 halves: the only code units a candidate for repair can contain. */
// eslint-disable-next-line no-control-regex -- NUL is what these look for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- NUL is what these look for
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL text holds neither NUL nor unpaired surrogates (and rejects the whole insert
 * over one): they become U+FFFD in the columns, on every database alike. The raw record
 * keeps them, escaped in its JSON.
 */
function storable(text: string): string {
  return SUSPECT.test(text) ? text.replace(UNSTORABLE, '\uFFFD') : text;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? storable(value)
    : undefined;
}

/**
 * Validates a record as CloudTrail writes it and maps it to the stored columns. Records that
 * lack the identifying fields are rejected with a reason, so callers can count them.
 */
export function normalizeRecord(input: unknown): NormalizeResult {
  if (!isObject(input)) {
    return { ok: false, reason: 'record is not a JSON object' };
  }
  for (const field of REQUIRED_FIELDS) {
    if (typeof input[field] !== 'string' || input[field] === '') {
      return { ok: false, reason: `record has no ${field}` };
    }
  }
  const record = input as CloudTrailRecord;
  const time = new Date(record.eventTime);
  if (Number.isNaN(time.getTime())) {
    return {
      ok: false,
      reason: `eventTime "${record.eventTime}" is not a date`,
    };
  }
  const identity = isObject(record.userIdentity)
    ? record.userIdentity
    : undefined;
  const accountId =
    optionalString(record.recipientAccountId) ??
    optionalString(identity?.accountId);
  if (!accountId) {
    return { ok: false, reason: 'record has no recipientAccountId' };
  }
  return {
    ok: true,
    event: {
      eventId: storable(record.eventID),
      eventTime: time.toISOString(),
      eventName: storable(record.eventName),
      eventSource: storable(record.eventSource),
      accountId,
      region: optionalString(record.awsRegion) ?? 'unknown',
      actorArn: actorArn(record),
      actorType: optionalString(identity?.type),
      actorName: actorName(record),
      sourceIp: optionalString(record.sourceIPAddress),
      userAgent: optionalString(record.userAgent),
      errorCode: optionalString(record.errorCode),
      errorMessage: optionalString(record.errorMessage),
      readOnly:
        typeof record.readOnly === 'boolean' ? record.readOnly : undefined,
      resources: resourcesOf(record),
      raw: record,
    },
  };
}

/**
 * The principal to attribute the call to: the role behind an assumed-role session (so all
 * sessions of a role group together), else the identity's own ARN.
 */
function actorArn(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (!isObject(identity)) return undefined;
  const issuer = identity.sessionContext?.sessionIssuer;
  if (identity.type === 'AssumedRole' && optionalString(issuer?.arn)) {
    return issuer!.arn;
  }
  return optionalString(identity.arn) ?? optionalString(identity.invokedBy);
}

function actorName(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (!isObject(identity)) return undefined;
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'AssumedRole': {
      // arn:aws:sts::123:assumed-role/<role>/<session>: the session names the person or job.
      const session = optionalString(identity.arn)
        ?.split('/')
        .slice(2)
        .join('/');
      return (
        session ||
        optionalString(identity.sessionContext?.sessionIssuer?.userName)
      );
    }
    case 'AWSService':
      return optionalString(identity.invokedBy);
    default:
      return (
        optionalString(identity.userName) ??
        optionalString(identity.arn)?.split('/').pop()
      );
  }
}

function resourcesOf(record: CloudTrailRecord): AuditEventResource[] {
  if (!Array.isArray(record.resources)) return [];
  const seen = new Set<string>();
  const resources: AuditEventResource[] = [];
  for (const resource of record.resources) {
    const arn = isObject(resource) ? optionalString(resource.ARN) : undefined;
    if (arn && !seen.has(arn)) {
      seen.add(arn);
      resources.push({ arn, type: optionalString(resource.type) });
    }
  }
  return resources;
}
