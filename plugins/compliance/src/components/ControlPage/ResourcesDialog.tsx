import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  CheckResourcePage,
  CheckResultView,
} from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import { CursorPager, useCursorPages } from '../common/CursorPager';
import { describeScope } from '../common/format';
import { describeObject, ObjectDetail } from './ObjectDetail';

const PAGE_SIZE = 100;

/**
 * The objects behind one check in one scope (e.g. the failing pods), one page of 100 at a time
 * from the backend's cursor, each opened to what its source recorded and the object itself.
 */
export const ResourcesDialog = ({
  frameworkId,
  controlId,
  result,
  onClose,
}: {
  frameworkId: string;
  controlId: string;
  result: CheckResultView;
  onClose(): void;
}) => {
  const api = useApi(complianceApiRef);
  const pages = useCursorPages();
  const [page, setPage] = useState<CheckResourcePage>();
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState<number>();
  const { checkId, scope } = result;

  useEffect(() => {
    let current = true;
    setPage(undefined);
    setError(undefined);
    setOpen(undefined);
    api
      .listResources(frameworkId, controlId, {
        checkId,
        scope,
        limit: PAGE_SIZE,
        cursor: pages.cursor,
      })
      .then(
        value => current && setPage(value),
        reason => current && setError(reason ?? new Error('failed')),
      );
    return () => {
      current = false;
    };
  }, [api, frameworkId, controlId, checkId, scope, pages.cursor]);

  let body;
  if (error) {
    body = (
      <Alert severity="error">
        Could not load the objects: {describeError(error)}
      </Alert>
    );
  } else if (!page) {
    body = <Progress />;
  } else if (!page.supported) {
    body = (
      <Typography color="text.secondary">
        This check's source lists no objects ({result.check.source}): its result
        is the whole record.
      </Typography>
    );
  } else if (page.items.length === 0 && pages.page === 1) {
    body = (
      <Typography color="text.secondary">
        The source lists no failing or unjudged object for this check here.
      </Typography>
    );
  } else {
    body = (
      <>
        <Table size="small" aria-label="objects">
          <TableHead>
            <TableRow>
              <TableCell>Object</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Message</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {page.items.flatMap((resource, index) => {
              const rows = [
                <TableRow key={`${resource.ref.id}-${index}`}>
                  <TableCell>{describeObject(resource)}</TableCell>
                  <TableCell>{resource.state}</TableCell>
                  <TableCell>{resource.message}</TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      aria-expanded={open === index}
                      onClick={() =>
                        setOpen(open === index ? undefined : index)
                      }
                    >
                      {open === index ? 'Hide' : 'Details'}
                    </Button>
                  </TableCell>
                </TableRow>,
              ];
              if (open === index) {
                rows.push(
                  <TableRow key={`${resource.ref.id}-${index}-detail`}>
                    <TableCell colSpan={4}>
                      <ObjectDetail resource={resource} scope={scope} />
                    </TableCell>
                  </TableRow>,
                );
              }
              return rows;
            })}
          </TableBody>
        </Table>
        <CursorPager
          page={pages.page}
          nextCursor={page.nextCursor}
          onNext={pages.next}
          onBack={pages.back}
        />
      </>
    );
  }

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg">
      <DialogTitle>
        {result.check.title} in {describeScope(scope)}
      </DialogTitle>
      <DialogContent>{body}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
