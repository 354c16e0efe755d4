import {
  evidenceContentTypeOf,
  evidenceFileTypes,
  maxAttestationDays,
  maxWaiverDays,
  type AttestationBody,
  type ScopeRef,
  type WaiverRequestBody,
} from '@sparki/compliance-common';

const day = 24 * 60 * 60 * 1000;
const MAX_TEXT = 4000;

/** Field → message; empty when the form may be sent. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** `2026-06-30` (a date input's value) as midnight UTC; undefined when it is not a date. */
export function dateInputToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const time = Date.parse(`${value}T00:00:00.000Z`);
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  // Date.parse rolls 2026-02-30 over to March: only a date that reads back the same is one.
  return iso.startsWith(value) ? iso : undefined;
}

/** A date input's value `days` after `now` (UTC), e.g. for a default or a `max`. */
export function dateInputAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * day).toISOString().slice(0, 10);
}

export interface WaiverForm {
  scopeKind: ScopeRef['kind'];
  scopeId: string;
  reason: string;
  expiresOn: string;
}

/**
 * The waiver form's own checks, so people see every problem at once next to its field; the
 * backend checks the same rules again (and that the approver is not the requester).
 */
export function validateWaiverForm(
  checkId: string,
  form: WaiverForm,
  now: Date,
):
  | { ok: true; body: WaiverRequestBody }
  | { ok: false; errors: FieldErrors<keyof WaiverForm> } {
  const errors: FieldErrors<keyof WaiverForm> = {};
  if (!form.scopeId.trim())
    errors.scopeId = 'Name the scope the waiver is for.';
  const reason = form.reason.trim();
  if (!reason) {
    errors.reason = 'Say why the deviation is acceptable.';
  } else if (reason.length > MAX_TEXT) {
    errors.reason = `At most ${MAX_TEXT} characters.`;
  }
  const expiresAt = dateInputToIso(form.expiresOn);
  if (!expiresAt) {
    errors.expiresOn = 'Choose the date the waiver ends.';
  } else if (Date.parse(expiresAt) <= now.getTime()) {
    errors.expiresOn = 'The expiry must be in the future.';
  } else if (Date.parse(expiresAt) - now.getTime() > maxWaiverDays * day) {
    errors.expiresOn = `A waiver lasts at most ${maxWaiverDays} days: on or before ${dateInputAfter(
      now,
      maxWaiverDays,
    )}.`;
  }
  if (Object.keys(errors).length > 0 || !expiresAt)
    return { ok: false, errors };
  return {
    ok: true,
    body: {
      checkId,
      scope: { kind: form.scopeKind, id: form.scopeId.trim() },
      reason,
      expiresAt,
    },
  };
}

export interface AttestationForm {
  scopeKind: ScopeRef['kind'];
  scopeId: string;
  evidenceUrl: string;
  /** Uploaded with the attestation; a link, a file or both. */
  evidenceFile?: File;
  attestedOn: string;
  expiresOn: string;
  note: string;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The file types the picker offers and the form accepts (the backend's allowlist). */
export const evidenceFileAccept = Object.entries(evidenceFileTypes)
  .flatMap(([type, endings]) => [type, ...endings])
  .join(',');

/**
 * The attestation form's checks: an https link or an allowlisted file (or both), done by today,
 * valid now, ≤ 366 days. The size limit is the backend's (413, shown in the dialog).
 */
export function validateAttestationForm(
  checkId: string,
  form: AttestationForm,
  now: Date,
):
  | { ok: true; body: AttestationBody; file?: File }
  | { ok: false; errors: FieldErrors<keyof AttestationForm> } {
  const errors: FieldErrors<keyof AttestationForm> = {};
  if (!form.scopeId.trim())
    errors.scopeId = 'Name the scope the evidence is for.';
  const evidenceUrl = form.evidenceUrl.trim();
  const file = form.evidenceFile;
  if (evidenceUrl && !isHttpsUrl(evidenceUrl)) {
    errors.evidenceUrl = 'Link the evidence with an https:// address.';
  } else if (!evidenceUrl && !file) {
    errors.evidenceUrl =
      'Link the evidence with an https:// address, or upload the file.';
  }
  if (file && !evidenceContentTypeOf(file.type, file.name)) {
    errors.evidenceFile =
      'Upload a PDF, PNG, JPEG, text, Markdown, CSV, JSON or zip file.';
  } else if (file && file.size === 0) {
    errors.evidenceFile = 'The file is empty.';
  }
  const attestedAt = dateInputToIso(form.attestedOn);
  if (!attestedAt) {
    errors.attestedOn = 'Choose the date the activity was done.';
  } else if (Date.parse(attestedAt) > now.getTime()) {
    errors.attestedOn = 'The date cannot be in the future.';
  }
  const expiresAt = dateInputToIso(form.expiresOn);
  if (!expiresAt) {
    errors.expiresOn = 'Choose the date it must be attested again.';
  } else if (Date.parse(expiresAt) <= now.getTime()) {
    errors.expiresOn = 'The expiry must be in the future.';
  } else if (
    attestedAt &&
    Date.parse(expiresAt) - Date.parse(attestedAt) > maxAttestationDays * day
  ) {
    errors.expiresOn = `At most ${maxAttestationDays} days after the date it was done.`;
  }
  const note = form.note.trim();
  if (note.length > MAX_TEXT) errors.note = `At most ${MAX_TEXT} characters.`;
  if (Object.keys(errors).length > 0 || !attestedAt || !expiresAt) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    body: {
      checkId,
      scope: { kind: form.scopeKind, id: form.scopeId.trim() },
      evidence: evidenceUrl ? { url: evidenceUrl } : {},
      attestedAt,
      expiresAt,
      ...(note ? { note } : {}),
    },
    ...(file ? { file } : {}),
  };
}
