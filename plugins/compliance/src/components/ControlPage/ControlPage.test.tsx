import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  controlDetail,
  hostile,
  mockComplianceApi,
  responseError,
  result,
  waiver,
} from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

const path = '/compliance/frameworks/cis-kubernetes/controls/5.1.1';
const checkId = 'posture-control:rbac-cluster-admin-bindings';

async function rows() {
  const table = await screen.findByRole('table', { name: 'results' });
  return within(table).getAllByTestId('result-row');
}

describe('ControlPage', () => {
  it('shows the control text, runbook, checks and its results with unknown explained', async () => {
    const api = mockComplianceApi();
    renderCompliancePage(path, api);
    const [failing, unknown] = await rows();

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      '5.1.1',
    );
    expect(screen.getByText('Rationale')).toBeInTheDocument();
    expect(screen.getByText('Remediation')).toBeInTheDocument();
    expect(screen.getByText(/^runbooks\/.*\.md$/)).toBeInTheDocument();
    expect(failing).toHaveTextContent('fail');
    expect(failing).toHaveTextContent('3 of 12 objects fail');
    expect(unknown).toHaveTextContent('unknown: could not be read');
    expect(api.getControl).toHaveBeenCalledWith('cis-kubernetes', '5.1.1', {
      scope: undefined,
      state: undefined,
      limit: 50,
      cursor: undefined,
    });
  });

  it('pages the results with the backend cursor and filters by state', async () => {
    const api = mockComplianceApi({
      getControl: jest
        .fn()
        .mockResolvedValue(controlDetail({ total: 120, nextCursor: 'page-2' })),
    });
    renderCompliancePage(path, api);
    await rows();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(api.getControl).toHaveBeenLastCalledWith(
        'cis-kubernetes',
        '5.1.1',
        expect.objectContaining({ cursor: 'page-2' }),
      ),
    );
    expect(await screen.findByText(/Page 2/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() =>
      expect(api.getControl).toHaveBeenLastCalledWith(
        'cis-kubernetes',
        '5.1.1',
        expect.objectContaining({ cursor: undefined }),
      ),
    );

    fireEvent.click(screen.getByRole('tab', { name: 'waived' }));
    await waitFor(() =>
      expect(api.getControl).toHaveBeenLastCalledWith(
        'cis-kubernetes',
        '5.1.1',
        expect.objectContaining({ state: 'waived', cursor: undefined }),
      ),
    );
  });

  it('opens the failing objects and what their source recorded, hostile text inert', async () => {
    const api = mockComplianceApi({
      listResources: jest.fn().mockResolvedValue({
        supported: true,
        items: [
          {
            kind: 'ClusterRoleBinding',
            name: 'break-glass',
            state: 'fail',
            message: hostile,
            evidence: { subjects: [{ kind: 'User', name: hostile }] },
            ref: { source: 'posture-control', id: '42' },
          },
        ],
      }),
    });
    renderCompliancePage(path, api);
    const [failing] = await rows();
    fireEvent.click(within(failing).getByRole('button', { name: 'Objects' }));
    const dialog = await screen.findByRole('dialog');
    const objects = await within(dialog).findByRole('table', {
      name: 'objects',
    });
    expect(api.listResources).toHaveBeenCalledWith('cis-kubernetes', '5.1.1', {
      checkId,
      scope: { kind: 'cluster', id: 'sparki-prod' },
      limit: 100,
      cursor: undefined,
    });
    expect(objects).toHaveTextContent('ClusterRoleBinding break-glass');
    fireEvent.click(within(objects).getByRole('button', { name: 'Details' }));
    const details = within(dialog).getByRole('region', {
      name: 'details of ClusterRoleBinding break-glass',
    });
    expect(details).toHaveTextContent('"kind": "User"');
    expect(details).toHaveTextContent('posture-control 42');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says when a check lists no objects', async () => {
    const api = mockComplianceApi({
      listResources: jest
        .fn()
        .mockResolvedValue({ items: [], supported: false }),
    });
    renderCompliancePage(path, api);
    const [failing] = await rows();
    fireEvent.click(within(failing).getByRole('button', { name: 'Objects' }));
    expect(
      await screen.findByText(/This check's source lists no objects/),
    ).toBeInTheDocument();
  });

  it('validates the waiver form, shows the backend refusal, then requests it', async () => {
    const api = mockComplianceApi();
    api.requestWaiver.mockRejectedValueOnce(
      await responseError(400, 'Invalid body: checkId: is not a known check'),
    );
    renderCompliancePage(path, api);
    const [failing] = await rows();
    fireEvent.click(
      within(failing).getByRole('button', { name: 'Request waiver' }),
    );
    const dialog = await screen.findByRole('dialog');
    const send = within(dialog).getByRole('button', { name: 'Request waiver' });

    fireEvent.change(within(dialog).getByLabelText('Expires on'), {
      target: { value: '2099-01-01' },
    });
    fireEvent.click(send);
    expect(
      within(dialog).getByText('Say why the deviation is acceptable.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/A waiver lasts at most 180 days/),
    ).toBeInTheDocument();
    expect(api.requestWaiver).not.toHaveBeenCalled();

    const expiresOn = new Date(Date.now() + 30 * 24 * 3600 * 1000)
      .toISOString()
      .slice(0, 10);
    fireEvent.change(within(dialog).getByLabelText('Expires on'), {
      target: { value: expiresOn },
    });
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'break-glass until the IdP migration' },
    });
    fireEvent.click(send);
    expect(
      await within(dialog).findByText(
        'Invalid body: checkId: is not a known check',
      ),
    ).toBeInTheDocument();

    fireEvent.click(send);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.requestWaiver).toHaveBeenLastCalledWith({
      checkId,
      scope: { kind: 'cluster', id: 'sparki-prod' },
      reason: 'break-glass until the IdP migration',
      expiresAt: `${expiresOn}T00:00:00.000Z`,
    });
    expect(
      await screen.findByText(/Waiver requested for cluster sparki-prod/),
    ).toBeInTheDocument();
  });

  it("lists the control's waivers with their state and expiry", async () => {
    const api = mockComplianceApi({
      getControl: jest.fn().mockResolvedValue(
        controlDetail({
          results: [
            result('waived', 'sparki-prod', {
              validUntil: '2027-03-01T00:00:00.000Z',
            }),
          ],
          total: 1,
        }),
      ),
      listWaivers: jest.fn().mockResolvedValue([
        waiver({
          state: 'approved',
          decision: {
            decision: 'approved',
            by: 'user:default/bob',
            at: '2026-12-01T11:00:00.000Z',
          },
        }),
      ]),
    });
    renderCompliancePage(path, api);
    const [waived] = await rows();
    expect(waived).toHaveTextContent('raw: fail');
    expect(waived).toHaveTextContent(/waived until/);
    expect(
      within(waived).queryByRole('button', { name: 'Request waiver' }),
    ).toBeNull();
    const waivers = await screen.findByRole('table', { name: 'waivers' });
    expect(waivers).toHaveTextContent('approved by bob');
    expect(api.listWaivers).toHaveBeenCalledWith({ checkId });
  });
});
