import { useState } from 'react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import type {
  AttestationState,
  AttestationView,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';
import {
  describeScope,
  displayUser,
  formatBytes,
  formatDate,
  formatTime,
  type Tone,
} from '../common/format';
import { saveFile } from '../common/saveFile';
import { useVirtualRows, VirtualScroller } from '../common/virtualRows';

const waiverTones: Record<WaiverState, Tone> = {
  requested: 'warning',
  approved: 'info',
  rejected: 'default',
  revoked: 'default',
  expired: 'default',
};

const attestationTones: Record<AttestationState, Tone> = {
  current: 'success',
  expired: 'warning',
  revoked: 'default',
};

/**
 * An attestation's evidence: the link (only https becomes a link), and the uploaded file with
 * its size and SHA-256 and a download (through the fetch API, so the token goes with it).
 */
const EvidenceCell = ({
  attestation,
  printable,
}: {
  attestation: AttestationView;
  printable?: boolean;
}) => {
  const api = useApi(complianceApiRef);
  const [failure, setFailure] = useState<string>();
  const [downloading, setDownloading] = useState(false);
  const { url, file } = attestation.evidence;
  const download = async () => {
    setFailure(undefined);
    setDownloading(true);
    try {
      const blob = await api.downloadEvidenceFile(attestation.id);
      saveFile(blob, file!.name);
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <>
      {url &&
        (url.startsWith('https://') ? (
          <Link to={url}>{url}</Link>
        ) : (
          <code>{url}</code>
        ))}
      {file && (
        <Typography
          variant="body2"
          component="div"
          data-testid={`evidence-file-${attestation.id}`}
        >
          {file.name} ({formatBytes(file.bytes)})
          {!printable && (
            <Button size="small" disabled={downloading} onClick={download}>
              Download
            </Button>
          )}
          <Typography
            variant="caption"
            component="div"
            sx={{ wordBreak: 'break-all' }}
          >
            SHA-256 <code>{file.sha256}</code>
          </Typography>
          {failure && (
            <Typography variant="caption" component="div" color="error">
              {failure}
            </Typography>
          )}
        </Typography>
      )}
    </>
  );
};

/**
 * Waivers with who asked, who decided and until when; `actions` renders a row's buttons. The
 * registers come whole from the backend: a long one renders only the rows in view.
 */
export const WaiverTable = ({
  waivers,
  actions,
  label = 'waivers',
  whole,
}: {
  waivers: WaiverView[];
  actions?: (waiver: WaiverView) => React.ReactNode;
  label?: string;
  /** Every row in the DOM (print), not only those in view. */
  whole?: boolean;
}) => {
  const { rows, scroller } = useVirtualRows(
    waivers,
    waiver => (
      <TableRow key={waiver.id} data-testid={`waiver-${waiver.id}`}>
        <TableCell>
          <Chip
            size="small"
            label={waiver.state}
            color={waiverTones[waiver.state]}
          />
        </TableCell>
        <TableCell>
          <code>{waiver.checkId}</code>
        </TableCell>
        <TableCell>{describeScope(waiver.scope)}</TableCell>
        <TableCell sx={{ whiteSpace: 'pre-wrap', maxWidth: 360 }}>
          {waiver.reason}
        </TableCell>
        <TableCell>
          {displayUser(waiver.requester)}, {formatTime(waiver.requestedAt)}
        </TableCell>
        <TableCell>
          {waiver.decision ? (
            <>
              {waiver.decision.decision} by {displayUser(waiver.decision.by)},{' '}
              {formatTime(waiver.decision.at)}
              {waiver.decision.comment && (
                <Typography variant="caption" component="div">
                  {waiver.decision.comment}
                </Typography>
              )}
            </>
          ) : (
            '—'
          )}
          {waiver.revocation && (
            <Typography variant="caption" component="div">
              revoked by {displayUser(waiver.revocation.revokedBy)}:{' '}
              {waiver.revocation.reason}
            </Typography>
          )}
        </TableCell>
        <TableCell>{formatDate(waiver.expiresAt)}</TableCell>
        {actions && <TableCell>{actions(waiver)}</TableCell>}
      </TableRow>
    ),
    { columns: actions ? 8 : 7, whole },
  );
  if (waivers.length === 0) {
    return <Typography color="text.secondary">No waiver.</Typography>;
  }
  return (
    <VirtualScroller {...scroller}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>State</TableCell>
            <TableCell>Check</TableCell>
            <TableCell>Scope</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Requested</TableCell>
            <TableCell>Decision</TableCell>
            <TableCell>Expires</TableCell>
            {actions && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>{rows}</TableBody>
      </Table>
    </VirtualScroller>
  );
};

export const AttestationTable = ({
  attestations,
  actions,
  whole,
}: {
  attestations: AttestationView[];
  actions?: (attestation: AttestationView) => React.ReactNode;
  /** Every row in the DOM (print), not only those in view. */
  whole?: boolean;
}) => {
  const { rows, scroller } = useVirtualRows(
    attestations,
    attestation => (
      <TableRow
        key={attestation.id}
        data-testid={`attestation-${attestation.id}`}
      >
        <TableCell>
          <Chip
            size="small"
            label={attestation.state}
            color={attestationTones[attestation.state]}
          />
        </TableCell>
        <TableCell>
          <code>{attestation.checkId}</code>
        </TableCell>
        <TableCell>{describeScope(attestation.scope)}</TableCell>
        <TableCell>
          <EvidenceCell attestation={attestation} printable={whole} />
          {attestation.note && (
            <Typography variant="caption" component="div">
              {attestation.note}
            </Typography>
          )}
        </TableCell>
        <TableCell>{displayUser(attestation.attestedBy)}</TableCell>
        <TableCell>{formatDate(attestation.attestedAt)}</TableCell>
        <TableCell>
          {formatDate(attestation.expiresAt)}
          {attestation.revocation && (
            <Typography variant="caption" component="div">
              revoked by {displayUser(attestation.revocation.revokedBy)}:{' '}
              {attestation.revocation.reason}
            </Typography>
          )}
        </TableCell>
        {actions && <TableCell>{actions(attestation)}</TableCell>}
      </TableRow>
    ),
    { columns: actions ? 8 : 7, whole },
  );
  if (attestations.length === 0) {
    return <Typography color="text.secondary">No attestation.</Typography>;
  }
  return (
    <VirtualScroller {...scroller}>
      <Table size="small" aria-label="attestations">
        <TableHead>
          <TableRow>
            <TableCell>State</TableCell>
            <TableCell>Check</TableCell>
            <TableCell>Scope</TableCell>
            <TableCell>Evidence</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Done on</TableCell>
            <TableCell>Expires</TableCell>
            {actions && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>{rows}</TableBody>
      </Table>
    </VirtualScroller>
  );
};
