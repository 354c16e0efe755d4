import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  frameworkDetail,
  mockComplianceApi,
  responseError,
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
    expect(
      within(screen.getByRole('table', { name: 'scopes' })).getAllByRole(
        'link',
      )[0],
    ).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes?scope=cluster%3Asparki-prod',
    );
  });

  it('pages through 1,200 scopes worst first, a page in the DOM at a time', async () => {
    const detail = frameworkDetail();
    const [template] = detail.scopes;
    detail.scopes = Array.from({ length: 1200 }, (_, index) => ({
      ...template,
      scope: { kind: 'namespace' as const, id: `sparki-prod/ns-${index}` },
    }));
    const api = mockComplianceApi({
      getFramework: jest.fn().mockResolvedValue(detail),
    });
    renderCompliancePage('/compliance/frameworks/cis-kubernetes', api);
    const table = await screen.findByRole('table', { name: 'scopes' });
    const rows = () => within(table).getAllByRole('row').slice(1);
    expect(rows()).toHaveLength(25);
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-0');
    expect(screen.getByText('1–25 of 1200')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-25');

    fireEvent.mouseDown(screen.getByRole('combobox'));
    fireEvent.click(screen.getByRole('option', { name: '100' }));
    expect(rows()).toHaveLength(100);
    expect(rows()[0]).toHaveTextContent('sparki-prod/ns-0');
    expect(screen.getByText('1–100 of 1200')).toBeInTheDocument();
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
        .mockResolvedValue(frameworkDetail({ scopes: [] })),
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
