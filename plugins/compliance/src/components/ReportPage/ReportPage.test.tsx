import { screen, within } from '@testing-library/react';
import {
  frameworkDetail,
  hostile,
  mockComplianceApi,
  waiver,
} from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

describe('ReportPage', () => {
  it('prints the figures, what could not be read, the controls and the registers of the framework', async () => {
    const api = mockComplianceApi({
      getFramework: jest.fn().mockResolvedValue(
        frameworkDetail({
          problems: [
            {
              source: 'posture',
              scope: { kind: 'cluster', id: 'sparki-prod' },
              message: 'cluster sparki-prod: RBAC not readable',
            },
          ],
        }),
      ),
      listWaivers: jest.fn().mockResolvedValue([
        waiver({ state: 'approved', reason: hostile }),
        // A waiver of a check no control of this framework requires stays out.
        waiver({ id: 'other', checkId: 'attestation:pen-test' }),
      ]),
    });
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes/report?scope=cluster:sparki-prod',
      api,
    );
    expect(
      await screen.findByRole('heading', {
        name: 'Compliance report: CIS Kubernetes Benchmark',
      }),
    ).toBeInTheDocument();
    expect(api.getFramework).toHaveBeenCalledWith('cis-kubernetes', {
      kind: 'cluster',
      id: 'sparki-prod',
    });
    const scores = screen.getByRole('table', { name: 'scores' });
    expect(scores).toHaveTextContent(
      'Operational score (waived checks left out)75 %',
    );
    expect(scores).toHaveTextContent(
      'Coverage (controls with data ÷ applicable)80 % (8 of 10)',
    );
    expect(screen.getByLabelText('partial data')).toHaveTextContent(
      'cluster sparki-prod: RBAC not readable',
    );
    const controls = screen.getByRole('table', { name: 'controls' });
    expect(within(controls).getAllByRole('row')).toHaveLength(4);
    expect(controls).toHaveTextContent('unknown');
    const waivers = await screen.findByRole('table', { name: 'waivers' });
    expect(within(waivers).getAllByRole('row')).toHaveLength(2);
    expect(waivers).toHaveTextContent(hostile);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(api.listWaivers).toHaveBeenCalledWith({
      scope: { kind: 'cluster', id: 'sparki-prod' },
    });
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();
  });
});
