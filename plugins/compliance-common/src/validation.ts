import { z } from 'zod';
import { getCheck } from './checks';
import { evidenceContentTypes } from './evidenceFiles';
import { scopeKinds } from './scope';
import {
  Attestation,
  AttestationEvidence,
  UserRef,
  WaiverRequest,
} from './types';

/** A waiver holds at most this long after its approval: deviations are re-decided twice a year. */
export const maxWaiverDays = 180;

/** An attestation holds at most this long: what no API can see is re-attested every year. */
export const maxAttestationDays = 366;

const day = 24 * 60 * 60 * 1000;

export type Validation<T> =
  | { ok: true; value: T }
  | { ok: false; errors: string[] };

const timestamp = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 date and time, e.g. 2026-06-30T00:00:00Z',
});
const userRef = z
  .string()
  .regex(
    /^user:[^/\s]+\/\S+$/,
    'expected a user entity ref, e.g. user:default/alice',
  );
const scope = z.object({
  kind: z.enum(scopeKinds),
  id: z.string().trim().min(1, 'is required').max(500),
});
const knownCheck = z
  .string()
  .refine(id => getCheck(id) !== undefined, { error: 'is not a known check' });

const waiverRequestSchema = z.strictObject({
  checkId: knownCheck,
  scope,
  reason: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: say why the deviation is acceptable')
    .max(4000),
  requester: userRef,
  expiresAt: timestamp,
});

const attestationSchema = z.strictObject({
  checkId: knownCheck.refine(id => getCheck(id)?.source === 'attestation', {
    error: 'is not an attestation check (automated checks cannot be attested)',
  }),
  scope,
  attestedBy: userRef,
  evidence: z
    .strictObject({
      url: z
        .url({ protocol: /^https$/, error: 'expected an https link' })
        .optional(),
      file: z
        .strictObject({
          name: z.string().trim().min(1).max(255),
          contentType: z.enum(evidenceContentTypes),
          bytes: z.number().int().positive(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a hex SHA-256'),
        })
        .optional(),
    })
    .refine(evidence => evidence.url !== undefined || evidence.file, {
      error: 'give an https link (url), upload a file, or both',
    }),
  attestedAt: timestamp,
  expiresAt: timestamp,
  note: z.string().max(4000).optional(),
});

function messages(error: z.ZodError): string[] {
  return error.issues.map(issue =>
    issue.path.length === 0
      ? issue.message
      : `${issue.path.join('.')}: ${issue.message}`,
  );
}

function days(from: string | Date, to: string): number {
  return (Date.parse(to) - new Date(from).getTime()) / day;
}

/** A waiver request as submitted at `now`: known check, a reason, expiry in (now, now + 180 days]. */
export function validateWaiverRequest(
  input: unknown,
  now: Date,
): Validation<WaiverRequest> {
  const parsed = waiverRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: messages(parsed.error) };
  const request = parsed.data;
  const errors = expiryErrors(request.expiresAt, now, 'the request');
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: request };
}

/** An approval: by someone other than the requester, the expiry at most 180 days after it. */
export function validateWaiverApproval(
  request: WaiverRequest,
  approver: UserRef,
  approvedAt: Date,
): Validation<{ approver: UserRef; approvedAt: string }> {
  const errors: string[] = [];
  if (!userRef.safeParse(approver).success) {
    errors.push('approver: expected a user entity ref, e.g. user:default/bob');
  } else if (approver === request.requester) {
    errors.push(
      `approver: ${approver} requested this waiver and cannot approve it; another person must`,
    );
  }
  errors.push(...expiryErrors(request.expiresAt, approvedAt, 'the approval'));
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, value: { approver, approvedAt: approvedAt.toISOString() } };
}

function expiryErrors(expiresAt: string, from: Date, event: string): string[] {
  const length = days(from, expiresAt);
  if (length <= 0) {
    return [`expiresAt: must be after ${event} (${from.toISOString()})`];
  }
  if (length > maxWaiverDays) {
    return [
      `expiresAt: must be at most ${maxWaiverDays} days after ${event}, i.e. on or before ${new Date(
        from.getTime() + maxWaiverDays * day,
      ).toISOString()}`,
    ];
  }
  return [];
}

/**
 * An attestation as recorded at `now`: an attestation check, an https link or an uploaded file (or
 * both) as evidence, done
 * by now, and still valid: expiry after now and at most 366 days after the attested date.
 */
export function validateAttestation(
  input: unknown,
  now: Date,
): Validation<Omit<Attestation, 'kind' | 'id'>> {
  const parsed = attestationSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: messages(parsed.error) };
  const attestation = parsed.data;
  const errors: string[] = [];
  if (Date.parse(attestation.attestedAt) > now.getTime()) {
    errors.push('attestedAt: must not be in the future');
  }
  if (Date.parse(attestation.expiresAt) <= now.getTime()) {
    errors.push('expiresAt: must be in the future');
  }
  if (
    days(attestation.attestedAt, attestation.expiresAt) > maxAttestationDays
  ) {
    errors.push(
      `expiresAt: must be at most ${maxAttestationDays} days after attestedAt`,
    );
  }
  // The refinement above holds a link or a file: the shape of `AttestationEvidence`.
  return errors.length > 0
    ? { ok: false, errors }
    : {
        ok: true,
        value: {
          ...attestation,
          evidence: attestation.evidence as AttestationEvidence,
        },
      };
}
