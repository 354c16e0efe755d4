import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import {
  Content,
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { runbooksApiRef } from '../../api/RunbooksApi';

/**
 * One runbook. MarkdownContent (GitHub-flavoured) sanitises the HTML, so raw HTML in a runbook
 * cannot run scripts in the portal.
 */
export const RunbookView = () => {
  const { id = '' } = useParams();
  const api = useApi(runbooksApiRef);
  const indexPath = useRouteRef(runbooksRouteRef);
  const { value, loading, error } = useAsync(
    () => api.getRunbook(id),
    [api, id],
  );

  const back = indexPath && (
    <Box mb={2}>
      <Link to={indexPath()}>All runbooks</Link>
    </Box>
  );
  if (loading) return <Progress />;
  if (error) {
    const notFound = error instanceof ResponseError && error.statusCode === 404;
    return (
      <Content>
        {back}
        {notFound ? (
          <Alert severity="warning">
            <AlertTitle>Runbook not found</AlertTitle>
            There is no runbook "{id}" in the runbooks directory.
          </Alert>
        ) : (
          <ResponseErrorPanel error={error} />
        )}
      </Content>
    );
  }
  return (
    <Content>
      {back}
      <InfoCard>
        <MarkdownContent content={value?.markdown ?? ''} />
      </InfoCard>
    </Content>
  );
};
