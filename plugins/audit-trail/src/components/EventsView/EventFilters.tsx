import { FormEvent, useState } from 'react';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { AuditEventQuery } from '@sparki/audit-trail-common';
import { localInputToIso } from '../common/format';

/** What the form holds: text as typed; turned into a query on submit. */
interface FilterForm {
  from: string;
  to: string;
  actor: string;
  eventName: string;
  eventSource: string;
  accountId: string;
  region: string;
  errorCode: string;
  outcome: '' | 'failed' | 'succeeded';
  access: '' | 'write' | 'read';
}

const emptyForm: FilterForm = {
  from: '',
  to: '',
  actor: '',
  eventName: '',
  eventSource: '',
  accountId: '',
  region: '',
  errorCode: '',
  outcome: '',
  access: '',
};

export function formToQuery(form: FilterForm): AuditEventQuery {
  const text = (value: string) => value.trim() || undefined;
  return {
    from: localInputToIso(form.from),
    to: localInputToIso(form.to),
    actor: text(form.actor),
    eventName: text(form.eventName),
    eventSource: text(form.eventSource),
    accountId: text(form.accountId),
    region: text(form.region),
    errorCode: text(form.errorCode),
    hasError: form.outcome === '' ? undefined : form.outcome === 'failed',
    readOnly: form.access === '' ? undefined : form.access === 'read',
  };
}

/** Search form of the event list; `accountId` is hidden when the scope already fixes it. */
export const EventFilters = ({
  onSearch,
  showAccount = true,
}: {
  onSearch(query: AuditEventQuery): void;
  showAccount?: boolean;
}) => {
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const field = (
    name: keyof FilterForm,
    label: string,
    extra: Record<string, unknown> = {},
  ) => (
    <TextField
      size="small"
      fullWidth
      label={label}
      value={form[name]}
      onChange={e => setForm({ ...form, [name]: e.target.value })}
      {...extra}
    />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(formToQuery(form));
  };
  const dateProps = {
    type: 'datetime-local',
    InputLabelProps: { shrink: true },
  };
  return (
    <form onSubmit={submit} aria-label="event filters">
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={6} md={3}>
          {field('from', 'From', dateProps)}
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          {field('to', 'To', dateProps)}
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          {field('actor', 'Actor (ARN or name)')}
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          {field('eventName', 'Event name')}
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          {field('eventSource', 'Event source')}
        </Grid>
        {showAccount && (
          <Grid item xs={12} sm={6} md={2}>
            {field('accountId', 'Account id')}
          </Grid>
        )}
        <Grid item xs={12} sm={6} md={2}>
          {field('region', 'Region')}
        </Grid>
        <Grid item xs={12} sm={6} md={2}>
          {field('errorCode', 'Error code')}
        </Grid>
        <Grid item xs={6} md={2}>
          {field('outcome', 'Result', {
            select: true,
            children: [
              <MenuItem key="any" value="">
                Any
              </MenuItem>,
              <MenuItem key="failed" value="failed">
                Failed
              </MenuItem>,
              <MenuItem key="succeeded" value="succeeded">
                Succeeded
              </MenuItem>,
            ],
          })}
        </Grid>
        <Grid item xs={6} md={2}>
          {field('access', 'Access', {
            select: true,
            children: [
              <MenuItem key="any" value="">
                Any
              </MenuItem>,
              <MenuItem key="write" value="write">
                Write
              </MenuItem>,
              <MenuItem key="read" value="read">
                Read
              </MenuItem>,
            ],
          })}
        </Grid>
        <Grid item xs={12}>
          <Button type="submit" variant="contained">
            Search
          </Button>
          <Button
            sx={{ ml: 1 }}
            onClick={() => {
              setForm(emptyForm);
              onSearch({});
            }}
          >
            Reset
          </Button>
        </Grid>
      </Grid>
    </form>
  );
};
