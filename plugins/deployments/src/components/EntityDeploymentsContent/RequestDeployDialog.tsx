import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { displayRef } from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import { deploymentsApiRef } from '../../api/DeploymentsApi';

/** What the backend accepts (openapi.yaml `POST /requests`), checked here to say it early. */
const COMMIT_SHA = /^[0-9a-f]{7,40}$/;
const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_REASON_LENGTH = 2000;
const MAX_TAG_LENGTH = 128;

type Field = 'commitSha' | 'tag' | 'imageDigest' | 'reason';

function validate(values: Record<Field, string>) {
  const problems: Partial<Record<Field, string>> = {};
  if (!COMMIT_SHA.test(values.commitSha)) {
    problems.commitSha = 'A commit sha: 7 to 40 lowercase hex digits.';
  }
  if (values.tag.length > MAX_TAG_LENGTH) {
    problems.tag = `At most ${MAX_TAG_LENGTH} characters.`;
  }
  if (values.imageDigest && !IMAGE_DIGEST.test(values.imageDigest)) {
    problems.imageDigest = 'sha256: followed by 64 lowercase hex digits.';
  }
  if (!values.reason) problems.reason = 'A reason is required.';
  else if (values.reason.length > MAX_REASON_LENGTH) {
    problems.reason = `At most ${MAX_REASON_LENGTH} characters.`;
  }
  return problems;
}

/**
 * Asks for a deploy of a version to one environment as the signed-in person (the requester, who
 * therefore cannot approve it); the environment's policy decides what it then waits for.
 */
export const RequestDeployDialog = ({
  serviceRef,
  environment,
  onClose,
  onDone,
}: {
  serviceRef: string;
  environment: string;
  onClose: () => void;
  onDone: () => void;
}) => {
  const api = useApi(deploymentsApiRef);
  const [values, setValues] = useState<Record<Field, string>>({
    commitSha: '',
    tag: '',
    imageDigest: '',
    reason: '',
  });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  const field = (name: Field, label: string, multiline = false) => (
    <TextField
      label={label}
      value={values[name]}
      onChange={event =>
        setValues(previous => ({ ...previous, [name]: event.target.value }))
      }
      error={Boolean(problems[name])}
      helperText={problems[name]}
      multiline={multiline}
      minRows={multiline ? 3 : undefined}
      fullWidth
      margin="dense"
    />
  );

  const submit = async () => {
    const trimmed = {
      commitSha: values.commitSha.trim(),
      tag: values.tag.trim(),
      imageDigest: values.imageDigest.trim(),
      reason: values.reason.trim(),
    };
    const found = validate(trimmed);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setFailure(undefined);
    setSending(true);
    try {
      await api.createRequest({
        serviceRef,
        environment,
        version: {
          commitSha: trimmed.commitSha,
          ...(trimmed.tag ? { tag: trimmed.tag } : {}),
          ...(trimmed.imageDigest ? { imageDigest: trimmed.imageDigest } : {}),
        },
        reason: trimmed.reason,
      });
      onDone();
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        Request a deploy of {displayRef(serviceRef)} to {environment}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          You are the requester: you cannot approve it yourself. The
          environment's policy says who must.
        </DialogContentText>
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        {field('commitSha', 'Commit sha (required)')}
        {field('tag', 'Tag')}
        {field('imageDigest', 'Image digest')}
        {field('reason', 'Reason (required)', true)}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={sending} onClick={submit}>
          Request
        </Button>
      </DialogActions>
    </Dialog>
  );
};
