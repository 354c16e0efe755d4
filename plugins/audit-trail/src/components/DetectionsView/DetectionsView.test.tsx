import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { detections, mockAuditTrailApi } from '../../__testUtils__/fixtures';
import { DetectionsView } from './DetectionsView';

describe('DetectionsView', () => {
  it('lists detections with severity, CIS control, rule and runbook', async () => {
    renderInTestApp(<DetectionsView />, {
      apis: [[auditTrailApiRef, mockAuditTrailApi()]],
    });
    const table = await screen.findByRole('table', { name: 'detections' });
    expect(
      await within(table).findByText('CloudTrail configuration changes'),
    ).toBeInTheDocument();
    expect(within(table).getByText('CIS 4.5')).toBeInTheDocument();
    expect(within(table).getByText('high')).toBeInTheDocument();
    expect(within(table).getByText('StopLogging')).toBeInTheDocument();
    expect(within(table).getByText('user/mallory')).toBeInTheDocument();
    expect(
      within(table).getByText('runbooks/audit-trail-logging-tampering.md'),
    ).toBeInTheDocument();
  });

  it('links the runbook to its page when the runbooks plugin is installed', async () => {
    renderInTestApp(<DetectionsView />, {
      apis: [[auditTrailApiRef, mockAuditTrailApi()]],
      mountedRoutes: { '/runbooks': runbooksRouteRef },
    });
    const link = await screen.findByRole('link', {
      name: 'audit-trail-logging-tampering',
    });
    expect(link).toHaveAttribute(
      'href',
      '/runbooks/audit-trail-logging-tampering',
    );
  });

  it('fixes the account and pages with the cursor', async () => {
    const api = mockAuditTrailApi({
      listDetections: jest
        .fn()
        .mockResolvedValueOnce({ items: detections, nextCursor: 'c1' })
        .mockResolvedValueOnce({
          items: [
            { ...detections[0], eventId: 'e-2', eventName: 'DeleteTrail' },
          ],
        }),
    });
    renderInTestApp(<DetectionsView accountId="333333333333" />, {
      apis: [[auditTrailApiRef, api]],
    });
    expect(await screen.findByText('StopLogging')).toBeInTheDocument();
    expect(screen.queryByLabelText('Account id')).not.toBeInTheDocument();
    expect(api.listDetections).toHaveBeenCalledWith({
      accountId: '333333333333',
      cursor: undefined,
      limit: 50,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('DeleteTrail')).toBeInTheDocument();
    expect(api.listDetections).toHaveBeenLastCalledWith({
      accountId: '333333333333',
      cursor: 'c1',
      limit: 50,
    });
  });

  it('says when there is nothing to show', async () => {
    renderInTestApp(<DetectionsView />, {
      apis: [
        [
          auditTrailApiRef,
          mockAuditTrailApi({
            listDetections: jest.fn().mockResolvedValue({ items: [] }),
          }),
        ],
      ],
    });
    expect(await screen.findByText('No detections.')).toBeInTheDocument();
  });

  it('shows errors', async () => {
    renderInTestApp(<DetectionsView />, {
      apis: [
        [
          auditTrailApiRef,
          mockAuditTrailApi({
            listDetections: jest.fn().mockRejectedValue(new Error('boom')),
          }),
        ],
      ],
    });
    expect(
      await screen.findByText('Could not load detections: boom'),
    ).toBeInTheDocument();
  });
});
