import {
  maxWaiverDays,
  validateAttestation,
  validateWaiverApproval,
  validateWaiverRequest,
} from './validation';
import { WaiverRequest } from './types';

const now = new Date('2026-03-01T00:00:00.000Z');
const request: WaiverRequest = {
  checkId: 'posture-control:workload-host-pid',
  scope: { kind: 'namespace', id: 'sparki-prod/monitoring' },
  reason: 'node exporter needs the host PID namespace',
  requester: 'user:default/alice',
  expiresAt: '2026-08-28T00:00:00.000Z', // exactly 180 days after now
};

describe('validateWaiverRequest', () => {
  it('accepts a complete request expiring exactly 180 days out', () => {
    expect(maxWaiverDays).toBe(180);
    expect(validateWaiverRequest(request, now)).toEqual({
      ok: true,
      value: request,
    });
  });

  it('requires a reason', () => {
    for (const reason of ['', '   ']) {
      expect(validateWaiverRequest({ ...request, reason }, now)).toEqual({
        ok: false,
        errors: ['reason: is required: say why the deviation is acceptable'],
      });
    }
    const { reason: _, ...withoutReason } = request;
    expect(validateWaiverRequest(withoutReason, now)).toEqual({
      ok: false,
      errors: ['reason: is required'],
    });
  });

  it('refuses an expiry more than 180 days out or not in the future', () => {
    expect(
      validateWaiverRequest(
        { ...request, expiresAt: '2026-08-28T00:00:00.001Z' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: [
        'expiresAt: must be at most 180 days after the request, i.e. on or before 2026-08-28T00:00:00.000Z',
      ],
    });
    expect(
      validateWaiverRequest(
        { ...request, expiresAt: '2026-03-01T00:00:00.000Z' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: [
        'expiresAt: must be after the request (2026-03-01T00:00:00.000Z)',
      ],
    });
  });

  it('names every bad field', () => {
    const result = validateWaiverRequest(
      {
        checkId: 'posture-control:no-such-control',
        scope: { kind: 'planet', id: 'earth' },
        reason: 'x',
        requester: 'alice',
        expiresAt: 'next week',
        extra: true,
      },
      now,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        'checkId: is not a known check',
        expect.stringMatching(/^scope\.kind: /),
        'requester: expected a user entity ref, e.g. user:default/alice',
        'expiresAt: expected an ISO 8601 date and time, e.g. 2026-06-30T00:00:00Z',
        expect.stringMatching(/extra/),
      ]),
    );
  });

  it('refuses what is not an object', () => {
    expect(validateWaiverRequest(null, now).ok).toBe(false);
    expect(validateWaiverRequest('waive it', now).ok).toBe(false);
  });
});

describe('validateWaiverApproval', () => {
  it('accepts another person approving within 180 days of the expiry', () => {
    expect(validateWaiverApproval(request, 'user:default/bob', now)).toEqual({
      ok: true,
      value: {
        approver: 'user:default/bob',
        approvedAt: '2026-03-01T00:00:00.000Z',
      },
    });
  });

  it('refuses the requester approving their own waiver', () => {
    expect(validateWaiverApproval(request, 'user:default/alice', now)).toEqual({
      ok: false,
      errors: [
        'approver: user:default/alice requested this waiver and cannot approve it; another person must',
      ],
    });
  });

  it('measures the 180 days from the approval', () => {
    const early = new Date('2026-02-27T23:59:59.999Z');
    expect(validateWaiverApproval(request, 'user:default/bob', early)).toEqual({
      ok: false,
      errors: [
        'expiresAt: must be at most 180 days after the approval, i.e. on or before 2026-08-26T23:59:59.999Z',
      ],
    });
    const tooLate = new Date('2026-08-28T00:00:00.000Z');
    expect(
      validateWaiverApproval(request, 'user:default/bob', tooLate),
    ).toEqual({
      ok: false,
      errors: [
        'expiresAt: must be after the approval (2026-08-28T00:00:00.000Z)',
      ],
    });
  });
});

describe('validateAttestation', () => {
  const attestation = {
    checkId: 'attestation:pen-test',
    scope: { kind: 'entity', id: 'component:default/sparki-portal' },
    attestedBy: 'user:default/bob',
    evidence: { url: 'https://docs.example.com/pentest-2026.pdf' },
    attestedAt: '2026-02-15T00:00:00.000Z',
    expiresAt: '2027-02-15T00:00:00.000Z',
  };

  it('accepts an attestation check with https evidence', () => {
    expect(validateAttestation(attestation, now)).toEqual({
      ok: true,
      value: attestation,
    });
    const file = {
      name: 'pentest-2026.pdf',
      contentType: 'application/pdf',
      bytes: 1024,
      sha256: 'a'.repeat(64),
    };
    expect(
      validateAttestation({ ...attestation, evidence: { file } }, now).ok,
    ).toBe(true);
    expect(
      validateAttestation(
        { ...attestation, evidence: { url: attestation.evidence.url, file } },
        now,
      ).ok,
    ).toBe(true);
  });

  it('needs a link or a file, and a file of an allowlisted type', () => {
    expect(validateAttestation({ ...attestation, evidence: {} }, now)).toEqual({
      ok: false,
      errors: ['evidence: give an https link (url), upload a file, or both'],
    });
    const html = {
      name: 'report.html',
      contentType: 'text/html',
      bytes: 10,
      sha256: 'a'.repeat(64),
    };
    expect(
      validateAttestation({ ...attestation, evidence: { file: html } }, now).ok,
    ).toBe(false);
  });

  it('refuses to attest an automated check', () => {
    expect(
      validateAttestation(
        { ...attestation, checkId: 'posture-control:workload-host-pid' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: [
        'checkId: is not an attestation check (automated checks cannot be attested)',
      ],
    });
  });

  it('refuses evidence links that are not https', () => {
    // The protocol a rendered link would run as script, and plain http.
    const scriptUrl = ['javascript', 'alert(1)'].join(':');
    for (const url of [scriptUrl, 'http://docs.example.com/report.pdf']) {
      const result = validateAttestation(
        { ...attestation, evidence: { url } },
        now,
      );
      expect(result.ok).toBe(false);
    }
  });

  it('refuses future dates, past expiries and expiries beyond 366 days', () => {
    expect(
      validateAttestation(
        { ...attestation, attestedAt: '2026-03-01T00:00:00.001Z' },
        now,
      ),
    ).toEqual({ ok: false, errors: ['attestedAt: must not be in the future'] });
    expect(
      validateAttestation(
        { ...attestation, expiresAt: '2026-03-01T00:00:00.000Z' },
        now,
      ),
    ).toEqual({ ok: false, errors: ['expiresAt: must be in the future'] });
    expect(
      validateAttestation(
        { ...attestation, expiresAt: '2027-02-16T00:00:00.001Z' },
        now,
      ),
    ).toEqual({
      ok: false,
      errors: ['expiresAt: must be at most 366 days after attestedAt'],
    });
    expect(
      validateAttestation(
        { ...attestation, expiresAt: '2027-02-16T00:00:00.000Z' },
        now,
      ).ok,
    ).toBe(true);
  });
});
