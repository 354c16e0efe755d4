import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { auditEvent, mockAuditTrailApi } from '../../__testUtils__/fixtures';
import { EventsView } from './EventsView';
import { formToQuery } from './EventFilters';

describe('EventsView', () => {
  it('lists events and opens the raw record', async () => {
    const load = jest.fn().mockResolvedValue({
      items: [
        auditEvent(),
        auditEvent({
          eventId: 'e-2',
          eventName: 'ConsoleLogin',
          errorCode: 'Failed authentication',
        }),
      ],
    });
    renderInTestApp(<EventsView load={load} />, {
      apis: [[auditTrailApiRef, mockAuditTrailApi()]],
    });
    const table = await screen.findByRole('table', { name: 'events' });
    expect(within(table).getByText('StopLogging')).toBeInTheDocument();
    expect(within(table).getAllByText('mallory')).toHaveLength(2);
    expect(
      within(table).getByText('Failed authentication'),
    ).toBeInTheDocument();
    expect(load).toHaveBeenCalledWith({ cursor: undefined, limit: 50 });

    fireEvent.click(within(table).getByText('StopLogging'));
    expect(
      await screen.findByLabelText('raw CloudTrail record'),
    ).toHaveTextContent('"eventID": "e-1"');
  });

  it('applies the filters and pages with the cursor', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce({ items: [auditEvent()] })
      .mockResolvedValueOnce({
        items: [auditEvent({ eventId: 'e-2', eventName: 'StartLogging' })],
        nextCursor: 'c1',
      })
      .mockResolvedValueOnce({
        items: [auditEvent({ eventId: 'e-3', eventName: 'DeleteTrail' })],
      });
    renderInTestApp(<EventsView load={load} />, {
      apis: [[auditTrailApiRef, mockAuditTrailApi()]],
    });
    await screen.findByText('StopLogging');

    fireEvent.change(screen.getByLabelText('Actor (ARN or name)'), {
      target: { value: ' mallory ' },
    });
    fireEvent.change(screen.getByLabelText('Account id'), {
      target: { value: '333333333333' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('StartLogging')).toBeInTheDocument();
    expect(screen.queryByText('StopLogging')).not.toBeInTheDocument();
    expect(load).toHaveBeenLastCalledWith(
      expect.objectContaining({
        actor: 'mallory',
        accountId: '333333333333',
        cursor: undefined,
        limit: 50,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('DeleteTrail')).toBeInTheDocument();
    expect(screen.getByText('StartLogging')).toBeInTheDocument();
    expect(load).toHaveBeenLastCalledWith(
      expect.objectContaining({ actor: 'mallory', cursor: 'c1' }),
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('shows errors from the backend', async () => {
    const load = jest
      .fn()
      .mockRejectedValue(
        new Error('Reading the audit trail requires audit-trail.read'),
      );
    renderInTestApp(<EventsView load={load} />, {
      apis: [[auditTrailApiRef, mockAuditTrailApi()]],
    });
    expect(
      await screen.findByText(/requires audit-trail.read/),
    ).toBeInTheDocument();
  });

  it('exports the current filters as CSV', async () => {
    const api = mockAuditTrailApi();
    const createObjectURL = jest.fn().mockReturnValue('blob:export');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    renderInTestApp(
      <EventsView
        load={jest.fn().mockResolvedValue({ items: [] })}
        exportable
      />,
      { apis: [[auditTrailApiRef, api]] },
    );
    fireEvent.change(await screen.findByLabelText('Event name'), {
      target: { value: 'StopLogging' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportEvents).toHaveBeenCalledWith(
      expect.objectContaining({ eventName: 'StopLogging' }),
      'csv',
    );
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:export');
    click.mockRestore();
  });
});

describe('formToQuery', () => {
  it('maps the result and access selects to hasError and readOnly', () => {
    const form = {
      from: '',
      to: '',
      actor: '',
      eventName: '',
      eventSource: '',
      accountId: '',
      region: '',
      errorCode: '',
    };
    expect(
      formToQuery({ ...form, outcome: 'failed', access: 'write' }),
    ).toEqual(expect.objectContaining({ hasError: true, readOnly: false }));
    expect(formToQuery({ ...form, outcome: '', access: '' })).toEqual(
      expect.objectContaining({ hasError: undefined, readOnly: undefined }),
    );
    expect(
      formToQuery({
        ...form,
        from: '2026-11-20T08:00',
        outcome: '',
        access: '',
      }).from,
    ).toBe(new Date('2026-11-20T08:00').toISOString());
  });
});
