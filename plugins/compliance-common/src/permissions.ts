import { createPermission } from '@backstage/plugin-permission-common';

/** Ask for a waiver: an approved deviation from one check in one scope, until its expiry. */
export const complianceWaivePermission = createPermission({
  name: 'compliance.waive',
  attributes: { action: 'create' },
});

/** Approve or reject someone else's waiver request, and revoke waivers. */
export const complianceApprovePermission = createPermission({
  name: 'compliance.approve',
  attributes: { action: 'update' },
});

/** Record (or revoke) an attestation: evidence of what no API can see, e.g. a pen test. */
export const complianceAttestPermission = createPermission({
  name: 'compliance.attest',
  attributes: { action: 'create' },
});

/** Acknowledge an audit-trail detection with a note (triage). */
export const complianceTriagePermission = createPermission({
  name: 'compliance.triage',
  attributes: { action: 'update' },
});

/** Download an evidence pack: every result, object and register record of a framework in a scope. */
export const complianceEvidencePackPermission = createPermission({
  name: 'compliance.evidence-pack.read',
  attributes: { action: 'read' },
});

export const compliancePermissions = [
  complianceWaivePermission,
  complianceApprovePermission,
  complianceAttestPermission,
  complianceTriagePermission,
  complianceEvidencePackPermission,
];
