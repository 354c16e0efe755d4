import { scriptUrl } from '../../__testUtils__/fixtures';
import {
  dateInputAfter,
  dateInputToIso,
  validateAttestationForm,
  validateWaiverForm,
} from './validate';

const now = new Date('2026-12-02T06:00:00.000Z');
const checkId = 'posture-control:rbac-cluster-admin-bindings';

describe('validateWaiverForm', () => {
  const form = {
    scopeKind: 'cluster' as const,
    scopeId: ' sparki-prod ',
    reason: ' break-glass binding until the IdP migration ',
    expiresOn: '2027-03-01',
  };

  it('builds the request body, trimmed, expiring at midnight UTC', () => {
    expect(validateWaiverForm(checkId, form, now)).toEqual({
      ok: true,
      body: {
        checkId,
        scope: { kind: 'cluster', id: 'sparki-prod' },
        reason: 'break-glass binding until the IdP migration',
        expiresAt: '2027-03-01T00:00:00.000Z',
      },
    });
  });

  it('names every missing field at once', () => {
    expect(
      validateWaiverForm(
        checkId,
        { ...form, scopeId: ' ', reason: '  ', expiresOn: '' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: {
        scopeId: 'Name the scope the waiver is for.',
        reason: 'Say why the deviation is acceptable.',
        expiresOn: 'Choose the date the waiver ends.',
      },
    });
  });

  it('accepts 180 days and refuses a day more or a past date', () => {
    const last = dateInputAfter(now, 180);
    expect(last).toBe('2027-05-31');
    expect(
      validateWaiverForm(checkId, { ...form, expiresOn: last }, now).ok,
    ).toBe(true);
    expect(
      validateWaiverForm(checkId, { ...form, expiresOn: '2027-06-01' }, now),
    ).toEqual({
      ok: false,
      errors: {
        expiresOn: 'A waiver lasts at most 180 days: on or before 2027-05-31.',
      },
    });
    expect(
      validateWaiverForm(checkId, { ...form, expiresOn: '2026-12-02' }, now),
    ).toEqual({
      ok: false,
      errors: { expiresOn: 'The expiry must be in the future.' },
    });
  });
});

describe('validateAttestationForm', () => {
  const form = {
    scopeKind: 'entity' as const,
    scopeId: 'system:default/sparki',
    evidenceUrl: 'https://reports.example.com/pentest-2026.pdf',
    attestedOn: '2026-11-20',
    expiresOn: '2027-11-20',
    note: '',
  };

  it('builds the body with the https evidence link and no empty note', () => {
    expect(validateAttestationForm('attestation:pen-test', form, now)).toEqual({
      ok: true,
      body: {
        checkId: 'attestation:pen-test',
        scope: { kind: 'entity', id: 'system:default/sparki' },
        evidence: { url: 'https://reports.example.com/pentest-2026.pdf' },
        attestedAt: '2026-11-20T00:00:00.000Z',
        expiresAt: '2027-11-20T00:00:00.000Z',
      },
    });
  });

  it('refuses non-https evidence, a future date and a too long validity', () => {
    expect(
      validateAttestationForm(
        'attestation:pen-test',
        {
          ...form,
          evidenceUrl: scriptUrl,
          attestedOn: '2026-12-03',
          expiresOn: '2028-01-01',
        },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: {
        evidenceUrl: 'Link the evidence with an https:// address.',
        attestedOn: 'The date cannot be in the future.',
        expiresOn: 'At most 366 days after the date it was done.',
      },
    });
  });
});

describe('validateAttestationForm with an evidence file', () => {
  const form = {
    scopeKind: 'entity' as const,
    scopeId: 'system:default/sparki',
    evidenceUrl: '',
    attestedOn: '2026-11-20',
    expiresOn: '2027-11-20',
    note: '',
  };

  it('sends a file without a link, or both', () => {
    const evidenceFile = new File(['%PDF-1.7'], 'pentest.pdf', {
      type: 'application/pdf',
    });
    const withFile = validateAttestationForm(
      'attestation:pen-test',
      { ...form, evidenceFile },
      now,
    );
    expect(withFile).toMatchObject({
      ok: true,
      body: { evidence: {} },
      file: evidenceFile,
    });
    expect(
      validateAttestationForm(
        'attestation:pen-test',
        { ...form, evidenceUrl: 'https://r.example.com/x', evidenceFile },
        now,
      ),
    ).toMatchObject({
      ok: true,
      body: { evidence: { url: 'https://r.example.com/x' } },
      file: evidenceFile,
    });
  });

  it('needs a link or a file, of an accepted type', () => {
    expect(validateAttestationForm('attestation:pen-test', form, now)).toEqual({
      ok: false,
      errors: {
        evidenceUrl:
          'Link the evidence with an https:// address, or upload the file.',
      },
    });
    const page = new File(['<p>'], 'report.html', { type: 'text/html' });
    expect(
      validateAttestationForm(
        'attestation:pen-test',
        { ...form, evidenceFile: page },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: {
        evidenceFile:
          'Upload a PDF, PNG, JPEG, text, Markdown, CSV, JSON or zip file.',
      },
    });
  });
});

describe('dateInputToIso', () => {
  it('reads only whole dates', () => {
    expect(dateInputToIso('2026-02-30')).toBeUndefined();
    expect(dateInputToIso('tomorrow')).toBeUndefined();
    expect(dateInputToIso('2026-02-28')).toBe('2026-02-28T00:00:00.000Z');
  });
});
