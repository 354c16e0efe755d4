import {
  Content,
  Header,
  Link,
  MarkdownContent,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { sparkiForgeApiRef } from '../../api/SparkiForgeApi';
import { changeKindLabel } from '../labels';
import { MergeButton } from '../MergeButton';
import { DiffView } from './DiffView';

/** `/sparki-forge`: the changes of the local infrastructure repository, and one change. */
export function ForgePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Infrastructure changes"
        subtitle="Changes proposed on the local infrastructure repository"
      />
      <Content>
        <Routes>
          <Route path="/" element={<ChangeList />} />
          <Route path="/changes/:id" element={<ChangeDetail />} />
        </Routes>
      </Content>
    </Page>
  );
}

function ChangeList() {
  const forgeApi = useApi(sparkiForgeApiRef);
  const changes = useAsyncRetry(() => forgeApi.listChanges(), [forgeApi]);
  if (changes.loading) return <Progress />;
  if (changes.error) {
    return <Alert severity="error">{changes.error.message}</Alert>;
  }
  return (
    <List aria-label="changes">
      {changes.value!.length === 0 && (
        <ListItem>
          <ListItemText primary="No change proposed yet." />
        </ListItem>
      )}
      {changes.value!.map(change => (
        <ListItem key={change.id}>
          <ListItemText
            primary={
              <Link to={`changes/${encodeURIComponent(change.id)}`}>
                Change {change.id}: {change.title}
              </Link>
            }
            secondary={`${change.state} · ${change.branch} · by ${change.author}`}
          />
        </ListItem>
      ))}
    </List>
  );
}

function ChangeDetail() {
  const { id = '' } = useParams();
  const forgeApi = useApi(sparkiForgeApiRef);
  const change = useAsyncRetry(() => forgeApi.getChange(id), [forgeApi, id]);
  if (change.loading) return <Progress />;
  if (change.error) {
    return <Alert severity="error">{change.error.message}</Alert>;
  }
  const value = change.value!;
  return (
    <Stack spacing={2}>
      <Card>
        <CardContent>
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="h5" component="h2">
              Change {value.id}: {value.title}
            </Typography>
            <Chip
              size="small"
              label={value.state}
              color={value.state === 'merged' ? 'success' : 'primary'}
            />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Branch {value.branch}, proposed by {value.author} on{' '}
            {new Date(value.createdAt).toLocaleString()}
            {value.state === 'merged' &&
              (value.mergedBy
                ? `, merged by ${value.mergedBy}`
                : ', merged with git')}
          </Typography>
          {value.environments.length > 0 && (
            <Typography variant="body2">
              {value.environments
                .map(e => `${e.name}: ${changeKindLabel[e.kind]}`)
                .join(' · ')}
            </Typography>
          )}
          <Box mt={2}>
            <MarkdownContent content={value.body || '_No description._'} />
          </Box>
          <MergeButton change={value} onMerged={() => change.retry()} />
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6" component="h3">
            Diff against main
          </Typography>
          <DiffView diff={value.diff} />
        </CardContent>
      </Card>
    </Stack>
  );
}
