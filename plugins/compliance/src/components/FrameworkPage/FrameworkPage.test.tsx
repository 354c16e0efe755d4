import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import type { ScopeScorePage } from '@sparki/compliance-common';
import type { ScopePageQuery } from '../../api/ComplianceApi';
import {
  frameworkDetail,
  manyScopes,
  mockComplianceApi,
  responseError,
  scopePage,
  snapshot,
} from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

describe('FrameworkPage', () => {
  it('shows the figures, the controls linked to their pages and the scopes', async () => {
    const api = mockComplianceApi();
    renderCompliancePage('/compliance/frameworks/cis-kubernetes', api);

    expect(
      await screen.findByRole('heading', { name: 'CIS Kubernetes Benchmark' }),
    ).toBeInTheDocument();
    expect(api.getFramework).toHaveBeenCalledWith('cis-kubernetes', undefined);
    expect(
      screen.getByRole('group', { name: 'Audit score' }),
    ).toHaveTextContent('80 %1 waiver (1 checks)');
    expect(screen.getByRole('group', { name: 'Coverage' })).toHaveTextContent(
      '80 % (8 of 10 controls with data)',
    );
    const controls = screen.getByRole('table', { name: 'controls' });
    const first = within(controls).getByTestId('control-5.1.1');
    expect(within(first).getByRole('link')).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes/controls/5.1.1',
    );
    expect(first).toHaveTextContent('failing');
    // A control without data shows "No data" and "unknown", never a pass.
    const second = within(controls).getByTestId('control-5.1.2');
    expect(second).toHaveTextContent('unknown');
    expect(second).toHaveTextContent('No data');
    const scopes = await screen.findByRole('table', { name: 'scopes' });
    expect(api.getFrameworkScopes).toHaveBeenCalledWith('cis-kubernetes', {
      offset: 0,
      limit: 25,
    });
    expect(within(scopes).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes?scope=cluster%3Asparki-prod',
    );
  });

  it('pages through 1,210 scopes from the backend, worst first, one page in the DOM at a time', async () => {
    const scopes = manyScopes(1210);
    let next: ((page: ScopeScorePage) => void) | undefined;
    const getFrameworkScopes = jest.fn(
      async (_frameworkId: string, page: ScopePageQuery = {}) =>
        // The second page is held back until the test lets it through.
        page.offset === 25 && page.limit === 25
          ? new Promise<ScopeScorePage>(resolve => {
              next = resolve;
            })
          : scopePage(scopes, page),
    );
    const api = mockComplianceApi({
      getFramework: jest
        .fn()
        .mockResolvedValue(frameworkDetail({ scopeCount: 1210 })),
      getFrameworkScopes,
    });
    renderCompliancePage('/compliance/frameworks/cis-kubernetes', api);
    const table = await screen.findByRole('table', { name: 'scopes' });
    const rows = () => within(table).getAllByRole('row').slice(1);
    expect(getFrameworkScopes).toHaveBeenLastCalledWith('cis-kubernetes', {
      offset: 0,
      limit: 25,
    });
    expect(rows()).toHaveLength(25);
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-0');
    expect(screen.getByText('1–25 of 1210')).toBeInTheDocument();

    // While the next page loads, the rows of this one stay.
    fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() =>
      expect(getFrameworkScopes).toHaveBeenLastCalledWith('cis-kubernetes', {
        offset: 25,
        limit: 25,
      }),
    );
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(rows()).toHaveLength(25);
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-0');
    act(() => next!(scopePage(scopes, { offset: 25, limit: 25 })));
    await waitFor(() =>
      expect(rows()[0]).toHaveTextContent('sparki-prod/ns-25'),
    );
    expect(table).toHaveAttribute('aria-busy', 'false');
    expect(screen.getByText('26–50 of 1210')).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByRole('combobox'));
    fireEvent.click(screen.getByRole('option', { name: '100' }));
    await waitFor(() => expect(rows()).toHaveLength(100));
    expect(getFrameworkScopes).toHaveBeenLastCalledWith('cis-kubernetes', {
      offset: 0,
      limit: 100,
    });
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-0');
    expect(screen.getByText('1–100 of 1210')).toBeInTheDocument();

    // The last page is partial: 10 rows.
    fireEvent.click(screen.getByRole('button', { name: 'Go to last page' }));
    await waitFor(() => expect(rows()).toHaveLength(10));
    expect(getFrameworkScopes).toHaveBeenLastCalledWith('cis-kubernetes', {
      offset: 1200,
      limit: 100,
    });
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-1200');
    expect(rows()[9]).toHaveTextContent('sparki-prod/ns-1209');
    expect(screen.getByText('1201–1210 of 1210')).toBeInTheDocument();
    // Never more than one page of scopes asked for at once.
    for (const [, page] of getFrameworkScopes.mock.calls) {
      expect(page!.limit).toBeLessThanOrEqual(100);
    }
  });

  it('moves to the last page there is when a reload brings fewer scopes', async () => {
    let scopes = manyScopes(120);
    const getFrameworkScopes = jest.fn(
      async (_frameworkId: string, page: ScopePageQuery = {}) =>
        scopePage(scopes, page),
    );
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes',
      mockComplianceApi({ getFrameworkScopes }),
    );
    const table = await screen.findByRole('table', { name: 'scopes' });
    const rows = () => within(table).getAllByRole('row').slice(1);
    fireEvent.click(screen.getByRole('button', { name: 'Go to last page' }));
    expect(await screen.findByText('101–120 of 120')).toBeInTheDocument();

    // Scopes went away: the page asked for is past the end of the 30 left.
    scopes = manyScopes(30);
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to previous page' }),
    );
    await waitFor(() =>
      expect(getFrameworkScopes).toHaveBeenLastCalledWith('cis-kubernetes', {
        offset: 25,
        limit: 25,
      }),
    );
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.getByText('26–30 of 30')).toBeInTheDocument();
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-25');
  });

  it("shows the backend's refusal of a page and reads it again on request", async () => {
    const getFrameworkScopes = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(500, 'compliance evaluation failed'),
      )
      .mockImplementation(async (_frameworkId, page) =>
        scopePage(manyScopes(3), page),
      );
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes',
      mockComplianceApi({ getFrameworkScopes }),
    );
    expect(
      (await screen.findAllByText(/compliance evaluation failed/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table', { name: 'scopes' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    const table = await screen.findByRole('table', { name: 'scopes' });
    expect(within(table).getAllByRole('row').slice(1)).toHaveLength(3);
    expect(screen.queryByText(/compliance evaluation failed/)).toBeNull();
  });

  it('says when no scope has results yet', async () => {
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes',
      mockComplianceApi({
        getFramework: jest
          .fn()
          .mockResolvedValue(frameworkDetail({ scopeCount: 0 })),
        getFrameworkScopes: jest.fn().mockResolvedValue(scopePage([])),
      }),
    );
    expect(
      await screen.findByText('No scope has results for this framework yet.'),
    ).toBeInTheDocument();
  });

  it('shows a control whose checks are all waived as waived, with the count, not as "No data"', async () => {
    const detail = frameworkDetail();
    detail.controls[2] = {
      ...detail.controls[2],
      status: 'waived',
      progress: { operational: null, audit: 0 },
      waivedChecks: 2,
    };
    const api = mockComplianceApi({
      getFramework: jest.fn().mockResolvedValue(detail),
    });
    renderCompliancePage('/compliance/frameworks/cis-kubernetes', api);
    const controls = await screen.findByRole('table', { name: 'controls' });
    const waived = within(controls).getByTestId(
      `control-${detail.controls[2].id}`,
    );
    expect(waived).toHaveTextContent('waived');
    expect(waived).toHaveTextContent('Waived (2 checks) · audit 0 %');
    expect(waived).not.toHaveTextContent('No data');
  });

  it('narrows to one scope from the URL and keeps it in the control links', async () => {
    const api = mockComplianceApi({
      getFramework: jest
        .fn()
        .mockResolvedValue(frameworkDetail({ scopeCount: 0 })),
      getHistory: jest.fn().mockResolvedValue({
        frameworkId: 'cis-kubernetes',
        points: [snapshot('2026-12-01T00:00:00.000Z', 0.7)],
      }),
    });
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes?scope=cluster:sparki-prod',
      api,
    );
    const controls = await screen.findByRole('table', { name: 'controls' });
    expect(api.getFramework).toHaveBeenCalledWith('cis-kubernetes', {
      kind: 'cluster',
      id: 'sparki-prod',
    });
    // One scope's page has no table of scopes.
    expect(api.getFrameworkScopes).not.toHaveBeenCalled();
    expect(screen.queryByRole('table', { name: 'scopes' })).toBeNull();
    expect(api.getHistory).toHaveBeenCalledWith(
      expect.objectContaining({
        framework: 'cis-kubernetes',
        scope: { kind: 'cluster', id: 'sparki-prod' },
      }),
    );
    expect(within(controls).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes/controls/5.1.1?scope=cluster%3Asparki-prod',
    );
    expect(screen.getByRole('link', { name: 'every scope' })).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes',
    );
  });

  it('shows a 404 from the backend', async () => {
    const api = mockComplianceApi({
      getFramework: jest.fn().mockRejectedValue(new Error('no framework nope')),
    });
    renderCompliancePage('/compliance/frameworks/nope', api);
    expect(
      (await screen.findAllByText(/no framework nope/)).length,
    ).toBeGreaterThan(0);
  });

  it('downloads the evidence pack of the scope and period and shows its manifest hash', async () => {
    const hash = 'c0ffee'.padEnd(64, '0');
    const createObjectURL = jest.fn(() => 'blob:pack');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = mockComplianceApi({
      downloadEvidencePack: jest
        .fn()
        .mockRejectedValueOnce(
          await responseError(
            403,
            'Missing permission compliance.evidence-pack.read',
          ),
        )
        .mockResolvedValue({
          blob: new Blob(['not a real archive']),
          fileName: 'evidence-cis-kubernetes.tar.gz',
          manifestSha256: hash,
        }),
    });
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes?scope=cluster:sparki-prod',
      api,
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Evidence pack' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('First day'), {
      target: { value: '2026-13-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    expect(
      within(dialog).getByText('Choose the first day of the period.'),
    ).toBeInTheDocument();
    expect(api.downloadEvidencePack).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('First day'), {
      target: { value: '2026-09-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    expect(
      await within(dialog).findByText(
        'Missing permission compliance.evidence-pack.read',
      ),
    ).toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    expect(
      await within(dialog).findByTestId('manifest-sha256'),
    ).toHaveTextContent(hash);
    expect(api.downloadEvidencePack).toHaveBeenLastCalledWith(
      expect.objectContaining({
        framework: 'cis-kubernetes',
        scope: 'cluster:sparki-prod',
        from: '2026-09-01T00:00:00.000Z',
      }),
    );
    expect(clicked).toHaveBeenCalled();
    expect(createObjectURL).toHaveBeenCalled();
    expect(dialog).toHaveTextContent('Saved evidence-cis-kubernetes.tar.gz');
    // Not an archive (and jsdom unpacks none): the page says it was not checked, never that it was.
    await waitFor(() => expect(dialog).toHaveTextContent(/Not checked here: /));
    clicked.mockRestore();
  });

  it('links the printable report of the scope', async () => {
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes?scope=cluster:sparki-prod',
      mockComplianceApi(),
    );
    expect(
      await screen.findByRole('link', { name: 'Printable report' }),
    ).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes/report?scope=cluster%3Asparki-prod',
    );
  });
});
