import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  complianceTriagePermission,
  type CheckResource,
  type ScopeRef,
} from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import { displayUser, formatTime, isNotFound } from '../common/format';
import {
  clusterOfScope,
  detectionOf,
  type DetectionRef,
} from './objectSources';

/** The backend's limit on a triage note (openapi.yaml). */
const MAX_NOTE_LENGTH = 4000;

export function describeObject(resource: CheckResource): string {
  const path = [resource.namespace, resource.name].filter(Boolean).join('/');
  return `${resource.kind} ${path}${
    resource.container ? ` (container ${resource.container})` : ''
  }`;
}

/** A failed load: a 404 is "not available" (the source has no such record), the rest an error. */
const LoadFailure = ({ what, error }: { what: string; error: unknown }) =>
  isNotFound(error) ? (
    <Alert severity="info">
      {what} not available: {describeError(error)}
    </Alert>
  ) : (
    <Alert severity="error">
      Could not load {what.toLowerCase()}: {describeError(error)}
    </Alert>
  );

const Code = ({ label, children }: { label: string; children: string }) => (
  <Box
    component="pre"
    aria-label={label}
    sx={{
      fontSize: 12,
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-all',
      m: 0,
      p: 1,
      bgcolor: 'action.hover',
      maxHeight: 480,
      overflow: 'auto',
    }}
  >
    {children}
  </Box>
);

/** The object as the posture backend's latest inventory holds it, Secrets redacted there. */
const KubernetesObjectYaml = ({
  cluster,
  resource,
}: {
  cluster: string;
  resource: CheckResource;
}) => {
  const api = useApi(complianceApiRef);
  const state = useAsync(
    () =>
      api.getClusterObject(cluster, {
        kind: resource.kind,
        name: resource.name,
        namespace: resource.namespace,
      }),
    [api, cluster, resource.kind, resource.name, resource.namespace],
  );
  if (state.loading) return <Progress />;
  if (state.error) return <LoadFailure what="The YAML" error={state.error} />;
  const view = state.value!;
  return (
    <>
      <Typography variant="caption" component="p" color="text.secondary">
        From the inventory of cluster {view.cluster} collected{' '}
        {formatTime(view.collectedAt)} (posture snapshot {view.snapshotId})
        {view.redacted.length > 0 && ` · redacted: ${view.redacted.join(', ')}`}
      </Typography>
      <Code label={`YAML of ${describeObject(resource)}`}>{view.yaml}</Code>
    </>
  );
};

/** The CloudTrail record behind a detection, as the audit-trail backend stored it. */
const CloudTrailRecord = ({ detection }: { detection: DetectionRef }) => {
  const api = useApi(complianceApiRef);
  const state = useAsync(
    () => api.getDetectionEvent(detection),
    [api, detection.eventId],
  );
  if (state.loading) return <Progress />;
  if (state.error) {
    return <LoadFailure what="The CloudTrail record" error={state.error} />;
  }
  if (!state.value) {
    return (
      <Alert severity="info">
        The CloudTrail record is not available: the audit trail no longer holds
        event {detection.eventId}.
      </Alert>
    );
  }
  return (
    <Code label={`CloudTrail record ${detection.eventId}`}>
      {JSON.stringify(state.value.raw, null, 2)}
    </Code>
  );
};

/** A detection's triage: its acknowledgement, or a note to acknowledge it with. */
const Triage = ({ detection }: { detection: DetectionRef }) => {
  const api = useApi(complianceApiRef);
  const { allowed: canTriage } = usePermission({
    permission: complianceTriagePermission,
  });
  const [note, setNote] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const acks = useAsyncRetry(
    () => api.listAcknowledgements(detection.ruleId),
    [api, detection.ruleId],
  );

  if (acks.loading && !acks.value) return <Progress />;
  if (acks.error) {
    return <LoadFailure what="The triage" error={acks.error} />;
  }
  const ack = acks.value!.find(a => a.eventId === detection.eventId);
  if (ack) {
    return (
      <Alert severity="success">
        Acknowledged by {displayUser(ack.acknowledgedBy)} on{' '}
        {formatTime(ack.acknowledgedAt)}: {ack.note}
      </Alert>
    );
  }
  if (!canTriage) {
    return (
      <Typography variant="body2" color="text.secondary">
        Not acknowledged yet; acknowledging needs compliance.triage.
      </Typography>
    );
  }
  const submit = async () => {
    const trimmed = note.trim();
    if (!trimmed) {
      setValidation('A note is required: say what was checked.');
      return;
    }
    if (trimmed.length > MAX_NOTE_LENGTH) {
      setValidation(`At most ${MAX_NOTE_LENGTH} characters.`);
      return;
    }
    setValidation(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      await api.acknowledgeDetection(detection.eventId, {
        ruleId: detection.ruleId,
        note: trimmed,
      });
      acks.retry();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Stack spacing={1}>
      {failure && <Alert severity="error">{failure}</Alert>}
      <TextField
        label="Triage note"
        value={note}
        onChange={event => setNote(event.target.value)}
        error={Boolean(validation)}
        helperText={validation}
        multiline
        minRows={2}
        size="small"
        fullWidth
      />
      <div>
        <Button
          size="small"
          variant="contained"
          disabled={sending}
          onClick={submit}
        >
          Acknowledge
        </Button>
      </div>
    </Stack>
  );
};

/**
 * One object behind a result, opened: what its source recorded, then the object itself: a
 * Kubernetes object's YAML from the posture inventory, a detection's raw CloudTrail record with
 * its triage.
 */
export const ObjectDetail = ({
  resource,
  scope,
}: {
  resource: CheckResource;
  scope: ScopeRef;
}) => {
  const cluster =
    resource.ref.source === 'posture-control'
      ? clusterOfScope(scope)
      : undefined;
  const detection = detectionOf(resource);
  return (
    <Stack
      spacing={1}
      sx={{ p: 1 }}
      aria-label={`details of ${describeObject(resource)}`}
      role="region"
    >
      <Typography variant="body2">
        Source record: <code>{resource.ref.source}</code>{' '}
        <code>{resource.ref.id}</code>
      </Typography>
      {resource.evidence && Object.keys(resource.evidence).length > 0 ? (
        <Code label="what the source recorded">
          {JSON.stringify(resource.evidence, null, 2)}
        </Code>
      ) : (
        <Typography variant="body2" color="text.secondary">
          The source recorded no further details for this object.
        </Typography>
      )}
      {cluster && (
        <>
          <Typography variant="subtitle2" component="h3">
            YAML
          </Typography>
          <KubernetesObjectYaml cluster={cluster} resource={resource} />
        </>
      )}
      {detection && (
        <>
          <Typography variant="subtitle2" component="h3">
            CloudTrail record
          </Typography>
          <CloudTrailRecord detection={detection} />
          <Typography variant="subtitle2" component="h3">
            Triage
          </Typography>
          <Triage detection={detection} />
        </>
      )}
    </Stack>
  );
};
