import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { cidrProblems, fetchTakenCidrs } from './takenCidrs';

/**
 * VPC CIDR input listing the CIDRs the catalog's environments already use, and flagging an
 * overlap while the user types. The server re-checks on submit (sparki:environment:validate).
 */
export const VpcCidrField = (props: FieldExtensionComponentProps<string>) => {
  const {
    onChange,
    formData,
    required,
    rawErrors,
    schema,
    idSchema,
    disabled,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const taken = useAsync(() => fetchTakenCidrs(catalogApi), [catalogApi]);
  const problems =
    formData && taken.value ? cidrProblems(formData, taken.value) : [];
  const conflicting = new Set(
    problems.length > 0 && taken.value
      ? taken.value
          .filter(entry => problems.some(p => p.includes(entry.cidr)))
          .map(e => e.cidr)
      : [],
  );

  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
    >
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'VPC CIDR'}
        value={formData ?? ''}
        required={required}
        disabled={disabled}
        error={(rawErrors?.length ?? 0) > 0 || problems.length > 0}
        helperText={
          problems.length > 0 ? problems.join('; ') : schema.description
        }
        onChange={event => onChange(event.target.value.trim())}
        inputProps={{ 'aria-describedby': 'sparki-taken-cidrs' }}
      />
      <Box id="sparki-taken-cidrs" mt={1} aria-live="polite">
        <Typography variant="caption" color="textSecondary">
          {taken.loading && 'Loading the CIDRs already taken…'}
          {taken.error &&
            `Could not read the taken CIDRs from the catalog: ${taken.error.message}`}
          {taken.value &&
            (taken.value.length === 0
              ? 'No environment in the catalog declares a VPC CIDR yet.'
              : 'Already taken:')}
        </Typography>
        <Box display="flex" flexWrap="wrap" mt={0.5} style={{ gap: 4 }}>
          {taken.value?.map(entry => (
            <Chip
              key={entry.environmentRef}
              size="small"
              label={`${entry.cidr} · ${entry.title}`}
              color={conflicting.has(entry.cidr) ? 'secondary' : 'default'}
              title={entry.environmentRef}
            />
          ))}
        </Box>
      </Box>
    </FormControl>
  );
};

/** Refuses a malformed or overlapping CIDR before the user leaves the step. */
export const vpcCidrValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  if (!value) return;
  const catalogApi = context.apiHolder.get(catalogApiRef);
  const taken = catalogApi ? await fetchTakenCidrs(catalogApi) : [];
  for (const problem of cidrProblems(value, taken)) {
    validation.addError(`VPC CIDR ${problem}`);
  }
};
