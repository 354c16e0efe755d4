import { useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { CodeSnippet } from '@backstage/core-components';

type CopyState = 'idle' | 'copied' | 'failed';

const labels: Record<CopyState, string> = {
  idle: 'Copy',
  copied: 'Copied',
  failed: 'Copy failed',
};

/** How long "Copied" stays before the button reads "Copy" again. */
const RESET_AFTER_MS = 2000;

/** A fenced code block of a runbook, highlighted, with a button copying it to the clipboard. */
export const CodeBlock = ({
  language,
  text,
}: {
  language: string;
  text: string;
}) => {
  const [state, setState] = useState<CopyState>('idle');
  const reset = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(reset.current), []);

  const copy = async () => {
    clearTimeout(reset.current);
    try {
      // Undefined outside a secure context: reported as a failed copy.
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    reset.current = setTimeout(() => setState('idle'), RESET_AFTER_MS);
  };

  return (
    <Box position="relative" my={2} data-testid="runbook-code-block">
      <CodeSnippet language={language || 'text'} text={text} />
      <Button
        size="small"
        variant="contained"
        color={state === 'failed' ? 'error' : 'primary'}
        startIcon={<ContentCopyIcon fontSize="inherit" />}
        onClick={copy}
        aria-live="polite"
        sx={{ position: 'absolute', top: 8, right: 8 }}
      >
        {labels[state]}
      </Button>
    </Box>
  );
};
