import { screen } from '@testing-library/react';
import type { ControlHistoryPoint } from '@sparki/compliance-common';
import { mockComplianceApi, responseError } from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';
import { chartRows } from './ControlHistoryChart';

const path =
  '/compliance/frameworks/cis-kubernetes/controls/5.1.1?scope=cluster:sparki-prod';

function statusOf(progress: number | null): ControlHistoryPoint['status'] {
  if (progress === null) return 'unknown';
  return progress === 1 ? 'satisfied' : 'failing';
}

function point(
  takenAt: string,
  methodVersion: string,
  progress: number | null,
): ControlHistoryPoint {
  return {
    snapshotId: `s-${takenAt}`,
    takenAt,
    trigger: 'daily',
    methodVersion,
    frameworkVersion: '1.12.0',
    status: statusOf(progress),
    progress: { operational: progress, audit: progress },
    conservativeProgress: { operational: progress ?? 0, audit: progress ?? 0 },
    checks: [],
    sources: [],
  };
}

async function historyRegion() {
  return screen.findByRole('region', { name: 'control history' });
}

describe('ControlHistoryChart', () => {
  it('reads the control history of the scope and says where the method changed', async () => {
    const api = mockComplianceApi({
      getControlHistory: jest.fn().mockResolvedValue({
        frameworkId: 'cis-kubernetes',
        controlId: '5.1.1',
        points: [
          point('2026-11-01T00:00:00.000Z', '1', 0.5),
          point('2026-11-02T00:00:00.000Z', '2', null),
          point('2026-11-03T00:00:00.000Z', '2', 1),
        ],
      }),
    });
    renderCompliancePage(path, api);
    const region = await historyRegion();
    expect(
      await screen.findByText(/^Scoring method changed from version 1 to 2 on/),
    ).toBeInTheDocument();
    expect(region).toHaveTextContent('3 snapshots; last on');
    expect(region).toHaveTextContent(
      'satisfied (method v2, framework v1.12.0)',
    );
    expect(api.getControlHistory).toHaveBeenCalledWith(
      'cis-kubernetes',
      '5.1.1',
      expect.objectContaining({
        scope: { kind: 'cluster', id: 'sparki-prod' },
      }),
    );
  });

  it('leaves a gap for no data, never 0 %', () => {
    expect(
      chartRows([
        point('2026-11-01T00:00:00.000Z', '1', 0.504),
        point('2026-11-02T00:00:00.000Z', '1', null),
      ]),
    ).toEqual([
      {
        time: Date.parse('2026-11-01T00:00:00.000Z'),
        status: 'failing',
        operational: 50.4,
        conservative: 50.4,
      },
      {
        time: Date.parse('2026-11-02T00:00:00.000Z'),
        status: 'unknown',
        operational: null,
        conservative: 0,
      },
    ]);
  });

  it('says the history is not available on a 404, and when there is none yet', async () => {
    const api = mockComplianceApi({
      getControlHistory: jest
        .fn()
        .mockRejectedValue(
          await responseError(404, 'no control 5.1.1 in cis-kubernetes'),
        ),
    });
    renderCompliancePage(path, api);
    expect(
      await screen.findByText(
        'History not available: no control 5.1.1 in cis-kubernetes',
      ),
    ).toBeInTheDocument();
  });

  it('says when no snapshot holds the control yet', async () => {
    renderCompliancePage(path, mockComplianceApi());
    expect(
      await screen.findByText(/^No score snapshot holds this control yet/),
    ).toBeInTheDocument();
  });
});
