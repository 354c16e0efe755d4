import type { EvidencePackQuery, ScopeRef } from '@sparki/compliance-common';
import { scopeKey } from '@sparki/compliance-common';
import { dateInputToIso, type FieldErrors } from '../forms/validate';

const day = 24 * 60 * 60 * 1000;

export interface PeriodForm {
  /** Date inputs' values, `2026-09-01`; both days are included. */
  fromOn: string;
  toOn: string;
}

/**
 * The evidence pack's query for a framework, a scope (absent: every scope) and a period of whole
 * UTC days; the period ends now at the latest, since the pack cannot hold the future.
 */
export function evidencePackQuery(
  framework: string,
  scope: ScopeRef | undefined,
  form: PeriodForm,
  now: Date,
):
  | { ok: true; query: EvidencePackQuery }
  | { ok: false; errors: FieldErrors<keyof PeriodForm> } {
  const errors: FieldErrors<keyof PeriodForm> = {};
  const from = dateInputToIso(form.fromOn);
  const toStart = dateInputToIso(form.toOn);
  if (!from) errors.fromOn = 'Choose the first day of the period.';
  if (!toStart) errors.toOn = 'Choose the last day of the period.';
  if (from && Date.parse(from) > now.getTime()) {
    errors.fromOn = 'The period cannot start in the future.';
  }
  if (from && toStart && Date.parse(toStart) < Date.parse(from)) {
    errors.toOn = 'The last day cannot be before the first.';
  }
  if (!from || !toStart || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const to = Math.min(Date.parse(toStart) + day - 1, now.getTime());
  return {
    ok: true,
    query: {
      framework,
      ...(scope ? { scope: scopeKey(scope) } : {}),
      from,
      to: new Date(to).toISOString(),
    },
  };
}
