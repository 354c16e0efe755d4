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

  it('says the status per scope lists only the worst 100, and where every scope is', async () => {
    const worst = Array.from({ length: 100 }, (_, index) => ({
      scope: { kind: 'namespace' as const, id: `sparki-prod/ns-${index}` },
      status: 'failing' as const,
    }));
    renderCompliancePage(
      path,
      mockComplianceApi({
        getControl: jest
          .fn()
          .mockResolvedValue(
            controlDetail({ scopes: worst, scopeCount: 2500 }),
          ),
      }),
    );
    await rows();
    const note = screen.getByText(/^The worst 100 of 2500/);
    expect(note).toHaveTextContent(
      'The worst 100 of 2500; the framework page lists every scope.',
    );
    expect(
      within(note).getByRole('link', { name: 'framework page' }),
    ).toHaveAttribute('href', '/compliance/frameworks/cis-kubernetes');
    expect(
      screen.getAllByRole('link', { name: /sparki-prod\/ns-\d+$/ }),
    ).toHaveLength(100);
  });

  it('says nothing of a cap when every scope is listed, and shows the status in the scope asked for', async () => {
    const api = mockComplianceApi();
    const { unmount } = renderCompliancePage(path, api);
    await rows();
    expect(
      screen.getByText('Status per scope, worst first'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/The worst \d+ of/)).toBeNull();
    unmount();

    renderCompliancePage(
      `${path}?scope=cluster:sparki-dev`,
      mockComplianceApi({
        getControl: jest.fn().mockResolvedValue(
          controlDetail({
            scopes: [
              {
                scope: { kind: 'cluster', id: 'sparki-dev' },
                status: 'unknown',
              },
            ],
            scopeCount: 1,
          }),
        ),
      }),
    );
    await rows();
    expect(
      within(
        screen.getByRole('heading', { level: 1 }).parentElement!,
      ).getByText('unknown'),
    ).toBeInTheDocument();
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
      getClusterObject: jest.fn().mockResolvedValue({
        cluster: 'sparki-prod',
        snapshotId: 7,
        collectedAt: '2026-12-02T05:00:00.000Z',
        kind: 'ClusterRoleBinding',
        name: 'break-glass',
        object: {},
        yaml: `kind: ClusterRoleBinding\nmetadata:\n  name: break-glass\n  annotations:\n    note: ${hostile}\n`,
        redacted: [
          'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
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
    const yaml = await within(details).findByLabelText(
      'YAML of ClusterRoleBinding break-glass',
    );
    expect(yaml).toHaveTextContent('kind: ClusterRoleBinding');
    expect(details).toHaveTextContent('posture snapshot 7');
    expect(details).toHaveTextContent(
      'redacted: metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
    );
    expect(api.getClusterObject).toHaveBeenCalledWith('sparki-prod', {
      kind: 'ClusterRoleBinding',
      name: 'break-glass',
      namespace: undefined,
    });
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says the YAML is not available when the posture backend has no such object', async () => {
    const api = mockComplianceApi({
      listResources: jest.fn().mockResolvedValue({
        supported: true,
        items: [
          {
            kind: 'Pod',
            name: 'web-1',
            namespace: 'payments',
            state: 'fail',
            message: 'runs as root',
            ref: { source: 'posture-control', id: '43' },
          },
        ],
      }),
      getClusterObject: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            404,
            'no Pod payments/web-1 in the latest inventory of sparki-prod',
          ),
        ),
    });
    renderCompliancePage(path, api);
    const [failing] = await rows();
    fireEvent.click(within(failing).getByRole('button', { name: 'Objects' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Details' }),
    );
    expect(
      await within(dialog).findByText(
        'The YAML not available: no Pod payments/web-1 in the latest inventory of sparki-prod',
      ),
    ).toBeInTheDocument();
    expect(api.getClusterObject).toHaveBeenCalledWith('sparki-prod', {
      kind: 'Pod',
      name: 'web-1',
      namespace: 'payments',
    });
  });

  it("shows a detection's CloudTrail record and acknowledges it with a note", async () => {
    const detection = {
      eventId: 'ev-1',
      ruleId: 'root-account-usage',
      cisControlId: '4.3',
      severity: 'critical',
      eventTime: '2026-12-01T10:00:00.000Z',
      accountId: '123456789012',
      region: 'eu-west-1',
      eventName: 'ConsoleLogin',
    };
    const api = mockComplianceApi({
      getControl: jest.fn().mockResolvedValue(
        controlDetail({
          results: [
            result('fail', 'sparki-prod', {
              scope: { kind: 'account', id: '123456789012/eu-west-1' },
            }),
          ],
        }),
      ),
      listResources: jest.fn().mockResolvedValue({
        supported: true,
        items: [
          {
            kind: 'CloudTrailEvent',
            name: 'ConsoleLogin',
            state: 'fail',
            message: 'ConsoleLogin: not acknowledged',
            evidence: detection,
            ref: { source: 'audit-trail', id: 'ev-1' },
          },
        ],
      }),
      getDetectionEvent: jest.fn().mockResolvedValue({
        eventId: 'ev-1',
        raw: { eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } },
      }),
      listAcknowledgements: jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue([
          {
            eventId: 'ev-1',
            ruleId: 'root-account-usage',
            acknowledgedBy: 'user:default/bob',
            acknowledgedAt: '2026-12-02T06:00:00.000Z',
            note: 'break-glass drill',
          },
        ]),
    });
    renderCompliancePage(path, api);
    const [failing] = await rows();
    fireEvent.click(within(failing).getByRole('button', { name: 'Objects' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Details' }),
    );
    const record = await within(dialog).findByLabelText(
      'CloudTrail record ev-1',
    );
    expect(record).toHaveTextContent('"type": "Root"');
    expect(api.getDetectionEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'ev-1', eventName: 'ConsoleLogin' }),
    );
    expect(api.getClusterObject).not.toHaveBeenCalled();

    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Acknowledge' }),
    );
    expect(
      within(dialog).getByText('A note is required: say what was checked.'),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Triage note'), {
      target: { value: 'break-glass drill' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Acknowledge' }),
    );
    expect(
      await within(dialog).findByText(/^Acknowledged by bob on/),
    ).toBeInTheDocument();
    expect(api.acknowledgeDetection).toHaveBeenCalledWith('ev-1', {
      ruleId: 'root-account-usage',
      note: 'break-glass drill',
    });
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
