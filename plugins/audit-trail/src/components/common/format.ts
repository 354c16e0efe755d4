export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

/** `<input type="datetime-local">` value (local time) → ISO 8601 UTC; empty → undefined. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The last path segment of an ARN is what people recognise (`role/deployer` → `deployer`). */
export function shortArn(arn: string | undefined): string {
  if (!arn) return '—';
  const resource = arn.split(':').slice(5).join(':');
  return resource || arn;
}
