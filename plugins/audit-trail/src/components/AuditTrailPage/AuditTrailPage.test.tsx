import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { mockAuditTrailApi } from '../../__testUtils__/fixtures';
import { AuditTrailPage } from './AuditTrailPage';

describe('AuditTrailPage', () => {
  it('switches between events, detections and ingestion', async () => {
    const api = mockAuditTrailApi();
    renderInTestApp(<AuditTrailPage />, { apis: [[auditTrailApiRef, api]] });
    expect(
      await screen.findByRole('table', { name: 'events' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Export NDJSON' }),
    ).toBeInTheDocument();
    expect(api.countEvents).toHaveBeenCalledWith({}, 'hour');
    fireEvent.click(screen.getByRole('button', { name: 'Per day' }));
    await waitFor(() =>
      expect(api.countEvents).toHaveBeenLastCalledWith({}, 'day'),
    );

    fireEvent.click(screen.getByRole('tab', { name: 'Detections' }));
    expect(
      await screen.findByRole('table', { name: 'detections' }),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'Ingestion' }));
    expect(
      await screen.findByRole('table', { name: 'ingestion runs' }),
    ).toBeInTheDocument();
    expect(screen.getByText('local:/examples/cloudtrail')).toBeInTheDocument();
  });

  it('opens the tab named in the URL and warns about incomplete ingestion', async () => {
    const api = mockAuditTrailApi({
      listIngestRuns: jest.fn().mockResolvedValue([
        {
          source: 'lookup:111111111111:eu-west-1',
          startedAt: '2026-11-20T08:00:00.000Z',
          status: 'partial',
          records: 10,
          inserted: 10,
          duplicates: 0,
          malformed: 0,
          message: 'history before 2026-08-22 is lost',
        },
      ]),
    });
    renderInTestApp(<AuditTrailPage />, {
      apis: [[auditTrailApiRef, api]],
      initialRouteEntries: ['/?tab=ingestion'],
    });
    expect(
      await screen.findByText(/did not ingest completely/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('history before 2026-08-22 is lost'),
    ).toBeInTheDocument();
  });
});
