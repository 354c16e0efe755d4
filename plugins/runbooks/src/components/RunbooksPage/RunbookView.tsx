import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import MuiLink from '@mui/material/Link';
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
import type { Runbook } from '@sparki/runbooks-common';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { runbooksApiRef } from '../../api/RunbooksApi';
import { CodeBlock } from './CodeBlock';
import { RunbookHeader } from './RunbookHeader';
import { RunbookTests } from './RunbookTests';
import { RunbookHeading, headingsOf, splitMarkdown } from './markdownSections';

const TableOfContents = ({ headings }: { headings: RunbookHeading[] }) => (
  <InfoCard title="Contents">
    <nav aria-label="table of contents">
      <List dense disablePadding>
        {headings.map((heading, index) => (
          <ListItem
            key={`${heading.slug}:${index}`}
            sx={{ pl: (heading.level - 2) * 2 }}
          >
            <MuiLink href={`#${heading.slug}`}>{heading.text}</MuiLink>
          </ListItem>
        ))}
      </List>
    </nav>
  </InfoCard>
);

/**
 * The body: prose through MarkdownContent (GitHub-flavoured, task lists included), which
 * sanitises raw HTML so that a runbook cannot run scripts in the portal; fenced code blocks as
 * `CodeBlock`s with a copy button.
 */
const RunbookBody = ({ runbook }: { runbook: Runbook }) => {
  const sections = splitMarkdown(runbook.markdown);
  // The h1 is the title, already in the header card.
  const headings = headingsOf(sections).filter(
    h => h.level <= 3 && h.level > 1,
  );
  const body = (
    <InfoCard>
      {sections.map((section, index) =>
        section.kind === 'code' ? (
          <CodeBlock
            key={index}
            language={section.language}
            text={section.text}
          />
        ) : (
          <MarkdownContent key={index} content={section.text} />
        ),
      )}
    </InfoCard>
  );
  if (!headings.length) return body;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={9}>
        {body}
      </Grid>
      <Grid item xs={12} md={3}>
        <TableOfContents headings={headings} />
      </Grid>
    </Grid>
  );
};

/** One runbook: its frontmatter as a header card, a table of contents and the body. */
export const RunbookView = () => {
  const { id = '' } = useParams();
  const api = useApi(runbooksApiRef);
  const indexPath = useRouteRef(runbooksRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getRunbook(id),
    [api, id],
  );

  const back = indexPath && (
    <Box mb={2}>
      <Link to={indexPath()}>All runbooks</Link>
    </Box>
  );
  // A reload after "Mark as tested" keeps the page (and its dialog) in place.
  if (loading && !value) return <Progress />;
  if (error) {
    const notFound = error instanceof ResponseError && error.statusCode === 404;
    return (
      <Content>
        {back}
        {notFound ? (
          <Alert severity="warning">
            <AlertTitle>Runbook not found</AlertTitle>
            There is no runbook "{id}" in the runbooks directory or the
            configured locations.
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
      {value && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <RunbookHeader runbook={value} />
          </Grid>
          <Grid item xs={12}>
            <RunbookTests runbookId={value.id} onRecorded={retry} />
          </Grid>
          <Grid item xs={12}>
            <RunbookBody runbook={value} />
          </Grid>
        </Grid>
      )}
    </Content>
  );
};
