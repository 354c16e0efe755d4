import Box from '@mui/material/Box';

function colorOf(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return 'text.secondary';
  if (line.startsWith('+')) return 'success.main';
  if (line.startsWith('-')) return 'error.main';
  if (line.startsWith('@@')) return 'info.main';
  return undefined;
}

/** A unified diff, added lines green and removed ones red; rendered as text, never as HTML. */
export function DiffView(props: { diff: string }) {
  const lines = props.diff.replace(/\n$/, '').split('\n');
  return (
    <Box
      component="pre"
      aria-label="diff"
      sx={{ overflowX: 'auto', fontSize: '0.8rem', m: 0 }}
    >
      {props.diff === ''
        ? 'No difference.'
        : lines.map((line, index) => (
            <Box component="span" key={index} sx={{ color: colorOf(line) }}>
              {line}
              {'\n'}
            </Box>
          ))}
    </Box>
  );
}
