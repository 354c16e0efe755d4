import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  mockComplianceApi,
  responseError,
  scriptUrl,
  waiver,
} from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

const fromAlice = waiver();
const fromBob = waiver({
  id: '0b7f0f38-4f0e-4c9b-a0f5-3f4b8f2b9c22',
  requester: 'user:default/bob',
});

async function waitingTable() {
  return screen.findByRole('table', { name: 'waivers waiting for approval' });
}

describe('RegistersPage', () => {
  it("lists the waiting requests and blocks approving one's own", async () => {
    const api = mockComplianceApi({
      listWaivers: jest.fn().mockResolvedValue([fromAlice, fromBob]),
    });
    renderCompliancePage('/compliance/registers', api, {
      user: 'user:default/bob',
    });
    const table = await waitingTable();
    expect(api.listWaivers).toHaveBeenCalledWith({ state: 'requested' });
    const alice = within(table).getByTestId(`waiver-${fromAlice.id}`);
    expect(alice).toHaveTextContent('alice');
    expect(alice).toHaveTextContent(fromAlice.reason);
    expect(
      within(alice).getByRole('button', { name: 'Approve' }),
    ).toBeEnabled();
    const own = within(table).getByTestId(`waiver-${fromBob.id}`);
    expect(own).toHaveTextContent('You asked for it: someone else decides.');
    expect(within(own).queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('approves with an optional comment and reloads', async () => {
    const api = mockComplianceApi({
      listWaivers: jest.fn().mockResolvedValue([fromAlice]),
    });
    renderCompliancePage('/compliance/registers', api);
    const table = await waitingTable();
    fireEvent.click(within(table).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.approveWaiver).toHaveBeenCalledWith(fromAlice.id, undefined),
    );
    await waitFor(() => expect(api.listWaivers).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("requires a comment to reject and shows the backend's refusal", async () => {
    const api = mockComplianceApi({
      listWaivers: jest.fn().mockResolvedValue([fromAlice]),
    });
    api.rejectWaiver.mockRejectedValue(
      await responseError(409, 'waiver 6a4c0a52 was already decided'),
    );
    renderCompliancePage('/compliance/registers', api);
    const table = await waitingTable();
    fireEvent.click(within(table).getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      within(dialog).getByText('A comment is required to reject a waiver.'),
    ).toBeInTheDocument();
    expect(api.rejectWaiver).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Comment (required)'), {
      target: { value: 'no end date agreed' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      await within(dialog).findByText('waiver 6a4c0a52 was already decided'),
    ).toBeInTheDocument();
    expect(api.rejectWaiver).toHaveBeenCalledWith(
      fromAlice.id,
      'no end date agreed',
    );
  });

  it('lists every waiver of a state and the attestations', async () => {
    const api = mockComplianceApi({
      listWaivers: jest.fn().mockResolvedValue([waiver({ state: 'expired' })]),
      listAttestations: jest.fn().mockResolvedValue([
        {
          id: 'a1',
          checkId: 'attestation:pen-test',
          scope: { kind: 'entity', id: 'system:default/sparki' },
          attestedBy: 'user:default/bob',
          evidence: { url: scriptUrl },
          attestedAt: '2026-11-20T00:00:00.000Z',
          expiresAt: '2027-11-20T00:00:00.000Z',
          recordedAt: '2026-11-21T00:00:00.000Z',
          state: 'current',
        },
      ]),
    });
    renderCompliancePage(
      '/compliance/registers?tab=waivers&state=expired',
      api,
    );
    const table = await screen.findByRole('table', { name: 'waivers' });
    expect(api.listWaivers).toHaveBeenCalledWith({ state: 'expired' });
    expect(table).toHaveTextContent('expired');

    fireEvent.click(screen.getByRole('tab', { name: 'Attestations' }));
    const attestations = await screen.findByRole('table', {
      name: 'attestations',
    });
    expect(attestations).toHaveTextContent('attestation:pen-test');
    // Only https evidence becomes a link.
    expect(within(attestations).queryByRole('link')).toBeNull();
    expect(attestations).toHaveTextContent(scriptUrl);
  });

  it("shows an attestation's uploaded file with its size and SHA-256, and downloads it", async () => {
    const createObjectURL = jest.fn(() => 'blob:evidence');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const file = {
      name: '<img src=x onerror=alert(1)>.pdf',
      contentType: 'application/pdf' as const,
      bytes: 2_400_000,
      sha256: 'ab'.repeat(32),
    };
    const blob = new Blob(['%PDF-1.7']);
    const api = mockComplianceApi({
      listAttestations: jest.fn().mockResolvedValue([
        {
          id: 'a1',
          checkId: 'attestation:pen-test',
          scope: { kind: 'entity', id: 'system:default/sparki' },
          attestedBy: 'user:default/bob',
          evidence: { url: 'https://reports.example.com/pentest', file },
          attestedAt: '2026-11-20T00:00:00.000Z',
          expiresAt: '2027-11-20T00:00:00.000Z',
          recordedAt: '2026-11-21T00:00:00.000Z',
          state: 'current',
        },
      ]),
      downloadEvidenceFile: jest
        .fn()
        .mockResolvedValueOnce(blob)
        .mockRejectedValueOnce(
          await responseError(
            403,
            'Missing permission compliance.evidence-pack.read',
          ),
        ),
    });
    renderCompliancePage('/compliance/registers?tab=attestations', api);
    const cell = await screen.findByTestId('evidence-file-a1');
    // The name is text, never markup.
    expect(cell).toHaveTextContent(`${file.name} (2.3 MiB)`);
    expect(cell).toHaveTextContent(`SHA-256 ${file.sha256}`);
    expect(cell.querySelector('img')).toBeNull();
    expect(
      screen.getByRole('link', {
        name: /https:\/\/reports\.example\.com\/pentest/,
      }),
    ).toBeInTheDocument();

    fireEvent.click(within(cell).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledWith(blob));
    expect(api.downloadEvidenceFile).toHaveBeenCalledWith('a1');
    fireEvent.click(within(cell).getByRole('button', { name: 'Download' }));
    expect(
      await within(cell).findByText(
        'Missing permission compliance.evidence-pack.read',
      ),
    ).toBeInTheDocument();
  });

  it('revokes an approved waiver and a current attestation with a reason', async () => {
    const approved = waiver({ state: 'approved' });
    const api = mockComplianceApi({
      listWaivers: jest
        .fn()
        .mockResolvedValue([approved, waiver({ id: 'x', state: 'expired' })]),
      listAttestations: jest.fn().mockResolvedValue([
        {
          id: 'a1',
          checkId: 'attestation:pen-test',
          scope: { kind: 'entity', id: 'system:default/sparki' },
          attestedBy: 'user:default/bob',
          evidence: { url: 'https://reports.example/pen-test' },
          attestedAt: '2026-11-20T00:00:00.000Z',
          expiresAt: '2027-11-20T00:00:00.000Z',
          recordedAt: '2026-11-21T00:00:00.000Z',
          state: 'current',
        },
      ]),
    });
    api.revokeAttestation.mockResolvedValue({} as never);
    renderCompliancePage('/compliance/registers?tab=waivers', api);
    const table = await screen.findByRole('table', { name: 'waivers' });
    // Only an approved waiver in force can be revoked.
    expect(
      within(table).getAllByRole('button', { name: 'Revoke' }),
    ).toHaveLength(1);
    fireEvent.click(within(table).getByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(
      within(dialog).getByText(
        'A reason is required: it is kept with the revocation.',
      ),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'fixed upstream' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() =>
      expect(api.revokeWaiver).toHaveBeenCalledWith(
        approved.id,
        'fixed upstream',
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('tab', { name: 'Attestations' }));
    const attestations = await screen.findByRole('table', {
      name: 'attestations',
    });
    fireEvent.click(
      within(attestations).getByRole('button', { name: 'Revoke' }),
    );
    const second = await screen.findByRole('dialog');
    fireEvent.change(within(second).getByLabelText('Reason (required)'), {
      target: { value: 'report withdrawn' },
    });
    fireEvent.click(within(second).getByRole('button', { name: 'Revoke' }));
    await waitFor(() =>
      expect(api.revokeAttestation).toHaveBeenCalledWith(
        'a1',
        'report withdrawn',
      ),
    );
  });

  it('renders a register of 10,000 waivers a window at a time', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      waiver({ id: `w-${i}`, state: 'approved' }),
    );
    const api = mockComplianceApi({
      listWaivers: jest.fn().mockResolvedValue(many),
    });
    renderCompliancePage('/compliance/registers?tab=waivers', api);
    const table = await screen.findByRole('table', { name: 'waivers' });
    const rendered = within(table).getAllByTestId(/^waiver-/);
    expect(rendered.length).toBeLessThan(50);
    expect(rendered[0]).toHaveAttribute('data-testid', 'waiver-w-0');
    const scroller = screen.getByTestId('virtual-scroller');
    scroller.scrollTop = 53 * 5000;
    fireEvent.scroll(scroller);
    await waitFor(() =>
      expect(within(table).getByTestId('waiver-w-5000')).toBeInTheDocument(),
    );
    expect(within(table).queryByTestId('waiver-w-0')).toBeNull();
  });
});
