import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  fetchEnvironmentPreview,
  previewRequestOf,
} from './environmentPreview';

function createdNote(created: string): string {
  if (created === 'yes') return '';
  if (created === 'no') return ' — not created (disabled)';
  return ` — ${created}`;
}

/**
 * What the environment's root will create per module and the tier's settings, from the choices
 * made in the form's other steps: the preview the change's body will have. Shows only; it sets
 * no value.
 */
export const EnvironmentPreviewField = (
  props: FieldExtensionComponentProps<unknown>,
) => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const request = previewRequestOf(props.formContext?.formData);
  const key = JSON.stringify(request ?? null);
  const preview = useAsync(
    async () =>
      request
        ? fetchEnvironmentPreview({ discoveryApi, fetchApi }, request)
        : undefined,
    // The request is compared by value: the form hands a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [discoveryApi, fetchApi, key],
  );

  return (
    <Box mt={2} aria-label="Environment preview" role="region">
      <Typography variant="h6">{props.schema.title ?? 'Preview'}</Typography>
      {props.schema.description && (
        <Typography variant="body2" color="textSecondary">
          {props.schema.description}
        </Typography>
      )}
      {!request && (
        <Typography>Choose a tier first: the preview follows it.</Typography>
      )}
      {preview.loading && <LinearProgress />}
      {preview.error && (
        <Typography color="error">
          No preview: {preview.error.message}
        </Typography>
      )}
      {preview.value && (
        <>
          {preview.value.problems.map(problem => (
            <Typography key={problem} color="error">
              Refused on submit: {problem}
            </Typography>
          ))}
          <Typography variant="subtitle1" component="h3">
            Settings
          </Typography>
          <Table size="small" aria-label="Settings">
            <TableBody>
              {preview.value.settings.map(setting => (
                <TableRow key={setting.label}>
                  <TableCell component="th" scope="row">
                    {setting.label}
                  </TableCell>
                  <TableCell>{setting.value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="subtitle1" component="h3">
            Resources per module
          </Typography>
          {preview.value.modules.map(module => (
            <Box key={module.call} mt={1}>
              <Typography variant="body2">
                <strong>{module.call}</strong> (modules/{module.module},{' '}
                {module.resources.length} resource block
                {module.resources.length === 1 ? '' : 's'})
                {createdNote(module.created)}
              </Typography>
              <Typography
                variant="caption"
                component="ul"
                style={{ margin: 0, fontFamily: 'monospace' }}
              >
                {module.resources.map(resource => (
                  <li key={resource}>{resource}</li>
                ))}
              </Typography>
            </Box>
          ))}
        </>
      )}
    </Box>
  );
};
