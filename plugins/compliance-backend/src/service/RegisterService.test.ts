import { createTestDatabases } from '@sparki/test-databases';
import { KnexComplianceStore } from '../store/KnexComplianceStore';
import { RegisterService } from './RegisterService';

jest.setTimeout(60_000);

const databases = createTestDatabases(['SQLITE_3']);
const alice = 'user:default/alice';
const bob = 'user:default/bob';
const day = 24 * 60 * 60 * 1000;

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexComplianceStore.create({
    database: { getClient: async () => knex },
  });
  let now = new Date('2026-12-02T12:00:00.000Z');
  const changed = jest.fn();
  const registers = new RegisterService(store, changed, () => now);
  return {
    registers,
    changed,
    later: (days: number) => {
      now = new Date(now.getTime() + days * day);
    },
  };
}

const body = {
  checkId: 'posture-control:workload-host-pid',
  scope: { kind: 'cluster' as const, id: 'sparki-prod' },
  reason: 'node agent',
  expiresAt: '2027-01-01T00:00:00+01:00',
};

describe('RegisterService', () => {
  it('stores times as UTC, derives the state, and expires a waiver back', async () => {
    const { registers, changed, later } = await setUp();
    const requested = await registers.requestWaiver(body, alice);
    expect(requested).toMatchObject({
      state: 'requested',
      expiresAt: '2026-12-31T23:00:00.000Z',
      requestedAt: '2026-12-02T12:00:00.000Z',
    });
    expect(changed).not.toHaveBeenCalled();
    await registers.decideWaiver(requested.id, 'approved', bob);
    expect(changed).toHaveBeenCalledTimes(1);
    later(30);
    expect((await registers.getWaiver(requested.id)).state).toBe('expired');
    await expect(
      registers.revokeWaiver(requested.id, bob, 'too late'),
    ).rejects.toThrow(/is expired: only an approved waiver in force/);
  });

  it('refuses deciding one’s own request, deciding twice, approving once expired, revoking what is not approved', async () => {
    const { registers, later } = await setUp();
    const first = await registers.requestWaiver(body, alice);
    await expect(
      registers.decideWaiver(first.id, 'rejected', alice, 'never mind'),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `${alice} requested this waiver and cannot reject it; another person must`,
    });
    await expect(
      registers.revokeWaiver(first.id, bob, 'x'),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await registers.decideWaiver(first.id, 'rejected', bob, 'fix it instead');
    await expect(
      registers.decideWaiver(first.id, 'approved', bob),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /was already rejected by user:default\/bob/,
      ),
    });
    await expect(
      registers.requestWaiver(
        { ...body, scope: { kind: 'account', id: '333333333333' } },
        alice,
      ),
    ).rejects.toThrow(
      'Invalid body: scope.kind: posture-control checks are reported per cluster or namespace, not per account',
    );
    const second = await registers.requestWaiver(body, alice);
    later(40);
    await expect(
      registers.decideWaiver(second.id, 'approved', bob),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /cannot be approved now: expiresAt: must be after the approval/,
      ),
    });
    expect(
      (await registers.listWaivers({ state: 'rejected' })).map(w => w.id),
    ).toEqual([first.id]);
  });

  it('revokes an attestation once; an expired one cannot be revoked', async () => {
    const { registers, changed, later } = await setUp();
    const attestation = {
      checkId: 'attestation:dr-plan',
      scope: { kind: 'entity' as const, id: 'system:default/sparki' },
      evidence: { url: 'https://docs.example.com/dr-plan-2026.pdf' },
      attestedAt: '2026-12-01T00:00:00.000Z',
      expiresAt: '2027-06-01T00:00:00.000Z',
    };
    const first = await registers.createAttestation(attestation, bob);
    expect(changed).toHaveBeenCalledTimes(1);
    const revoked = await registers.revokeAttestation(
      first.id,
      bob,
      'plan outdated',
    );
    expect(revoked).toMatchObject({
      state: 'revoked',
      revocation: { revokedBy: bob, reason: 'plan outdated' },
    });
    await expect(
      registers.revokeAttestation(first.id, bob, 'again'),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    const second = await registers.createAttestation(attestation, bob);
    later(200);
    expect(
      (await registers.listAttestations({ state: 'expired' })).map(a => a.id),
    ).toEqual([second.id]);
    await expect(
      registers.revokeAttestation(second.id, bob, 'x'),
    ).rejects.toThrow(/is expired/);
    await expect(
      registers.createAttestation(
        { ...attestation, attestedBy: alice } as any,
        bob,
      ),
    ).rejects.toThrow('attestedBy: is the signed-in user; leave it out');
  });

  it('stores an uploaded evidence file with the attestation; the body names none', async () => {
    const { registers } = await setUp();
    const content = Buffer.from('%PDF-1.7 restore test report');
    const upload = {
      file: {
        name: 'restore-test.pdf',
        contentType: 'application/pdf' as const,
        bytes: content.length,
        sha256: 'e'.repeat(64),
      },
      content,
    };
    const attestation = {
      checkId: 'attestation:dr-plan',
      scope: { kind: 'entity' as const, id: 'system:default/sparki' },
      evidence: {},
      attestedAt: '2026-12-01T00:00:00.000Z',
      expiresAt: '2027-06-01T00:00:00.000Z',
    };
    const recorded = await registers.createAttestation(
      attestation,
      bob,
      upload,
    );
    expect(recorded.evidence).toEqual({ file: upload.file });
    const stored = await registers.getEvidenceFile(recorded.id);
    expect(stored.content.equals(content)).toBe(true);

    await expect(registers.createAttestation(attestation, bob)).rejects.toThrow(
      'evidence: give an https link (url), upload a file, or both',
    );
    await expect(
      registers.createAttestation(
        { ...attestation, evidence: { file: upload.file } } as any,
        bob,
      ),
    ).rejects.toThrow('evidence.file: is read from the uploaded file part');
    const linkOnly = await registers.createAttestation(
      { ...attestation, evidence: { url: 'https://docs.example.com/dr.pdf' } },
      bob,
    );
    await expect(registers.getEvidenceFile(linkOnly.id)).rejects.toThrow(
      /has no evidence file/,
    );
    await expect(registers.getEvidenceFile('nope')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
});
