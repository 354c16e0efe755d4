import { screen, within } from '@testing-library/react';
import {
  frameworkOverview,
  hostile,
  mockComplianceApi,
  overview,
  snapshot,
} from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

describe('OverviewPage', () => {
  it('shows the overall and per-framework figures, unknown as "No data"', async () => {
    const api = mockComplianceApi();
    renderCompliancePage('/compliance', api);

    const overall = await screen.findByRole('group', {
      name: 'Overall operational score',
    });
    expect(overall).toHaveTextContent('75 %');
    expect(
      screen.getByRole('group', { name: 'Overall coverage' }),
    ).toHaveTextContent('40 %');
    const frameworks = screen.getByRole('table', { name: 'frameworks' });
    const cis = within(frameworks).getByTestId('framework-cis-kubernetes');
    expect(
      within(cis).getByRole('link', { name: 'CIS Kubernetes Benchmark' }),
    ).toHaveAttribute('href', '/compliance/frameworks/cis-kubernetes');
    expect(cis).toHaveTextContent('75 %');
    expect(cis).toHaveTextContent('cluster sparki-prod');
    // Production hardening has no data: no score, the conservative score and coverage are 0.
    const hardening = within(frameworks).getByTestId(
      'framework-production-hardening',
    );
    expect(within(hardening).getAllByText('No data')).toHaveLength(2);
    expect(within(hardening).getAllByText('0 %')).toHaveLength(2);
    expect(hardening).not.toHaveTextContent('100 %');
  });

  it('names what could not be read', async () => {
    renderCompliancePage('/compliance', mockComplianceApi());
    const partial = await screen.findByRole('alert', { name: 'partial data' });
    expect(partial).toHaveTextContent(
      'cluster sparki-prod: RBAC not readable (403)',
    );
  });

  it('lists the scopes worst first, linked to the framework in that scope', async () => {
    const api = mockComplianceApi();
    renderCompliancePage('/compliance', api);
    const table = await screen.findByRole('table', {
      name: 'scopes worst first',
    });
    // Each framework's 10 worst: the 10 worst over every framework are among them.
    expect(api.getOverview).toHaveBeenCalledWith({ worstScopes: 10 });
    const links = within(table).getAllByRole('link');
    expect(links.map(link => link.textContent)).toEqual([
      'cluster sparki-prod',
      'cluster sparki-dev',
    ]);
    expect(links[0]).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes?scope=cluster%3Asparki-prod',
    );
  });

  it("compares with last week's snapshot and marks the method change", async () => {
    const api = mockComplianceApi({
      getHistory: jest.fn().mockImplementation(async ({ framework }) =>
        framework === 'cis-kubernetes'
          ? {
              frameworkId: framework,
              points: [
                snapshot('2026-11-20T00:00:00.000Z', 0.6, {
                  methodVersion: '1',
                }),
                snapshot('2026-11-28T00:00:00.000Z', 0.7),
              ],
              asOf: snapshot('2026-11-25T00:00:00.000Z', 0.7, {
                methodVersion: '1',
              }),
            }
          : { frameworkId: framework, points: [], asOf: null },
      ),
    });
    renderCompliancePage('/compliance', api);
    const changes = await screen.findByRole('table', {
      name: 'changes since last week',
    });
    const [cis, hardening] = within(changes).getAllByRole('row').slice(1);
    expect(cis).toHaveTextContent('+5 points');
    expect(cis).toHaveTextContent('(scoring method v1 then)');
    expect(hardening).toHaveTextContent('No snapshot from a week ago');
    expect(
      screen.getByText(/Scoring method changed from version 1 to 2/),
    ).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenCalledWith(
      expect.objectContaining({ framework: 'cis-kubernetes', limit: 1000 }),
    );
  });

  it('renders hostile text from the API as text', async () => {
    const api = mockComplianceApi({
      getOverview: jest.fn().mockResolvedValue(
        overview({
          frameworks: [
            frameworkOverview({
              scopes: [
                {
                  ...frameworkOverview().scopes[0],
                  scope: { kind: 'cluster', id: hostile },
                },
              ],
            }),
          ],
          problems: [{ source: 'posture', message: hostile }],
        }),
      ),
    });
    renderCompliancePage('/compliance', api);
    const partial = await screen.findByRole('alert', { name: 'partial data' });
    expect(partial).toHaveTextContent(hostile);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('says when no framework is configured', async () => {
    const api = mockComplianceApi({
      getOverview: jest.fn().mockResolvedValue(overview({ frameworks: [] })),
    });
    renderCompliancePage('/compliance', api);
    expect(
      await screen.findByText('No compliance framework is configured.'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const api = mockComplianceApi({
      getOverview: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    renderCompliancePage('/compliance', api);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByRole('table', { name: 'frameworks' })).toBeNull();
  });
});
