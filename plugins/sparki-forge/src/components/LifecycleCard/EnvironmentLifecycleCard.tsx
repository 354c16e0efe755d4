import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import {
  ENVIRONMENT_LIFECYCLES,
  EnvironmentLifecycle,
  FORGE_ANNOTATIONS,
} from '@sparki/sparki-forge-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { sparkiForgeApiRef } from '../../api/SparkiForgeApi';
import { rootRouteRef, selectedTemplateRouteRef } from '../../routes';
import { MergeButton } from '../MergeButton';
import { changeKindLabel } from '../labels';

// The template that proposes removing an environment's root (templates/sparki-environment-decommission).
const DECOMMISSION_TEMPLATE = {
  namespace: 'default',
  templateName: 'sparki-environment-decommission',
};

const STEP_LABELS: Record<EnvironmentLifecycle, string> = {
  proposed: 'Proposed',
  active: 'Active',
  'decommission-requested': 'Decommission requested',
  retired: 'Retired',
};

function lifecycleOf(entity: Entity): EnvironmentLifecycle | undefined {
  const value = entity.metadata.annotations?.[FORGE_ANNOTATIONS.lifecycle];
  return ENVIRONMENT_LIFECYCLES.find(lifecycle => lifecycle === value);
}

/** Where the environment is in proposed → active → decommission requested → retired, and its changes. */
export function EnvironmentLifecycleCard() {
  const { entity } = useEntity();
  const lifecycle = lifecycleOf(entity);
  const forgeApi = useApi(sparkiForgeApiRef);
  const forgeRoot = useRouteRef(rootRouteRef);
  const templateRoute = useRouteRef(selectedTemplateRouteRef);
  const [merged, setMerged] = useState<string>();
  const name = entity.metadata.name;
  const changes = useAsyncRetry(
    () => forgeApi.listChanges({ environment: name }),
    [forgeApi, name],
  );

  if (!lifecycle) {
    return (
      <InfoCard title="Lifecycle">
        <Alert severity="info">
          Lifecycle unknown: this environment was not read from the local
          infrastructure repository.
        </Alert>
      </InfoCard>
    );
  }

  const activeStep = ENVIRONMENT_LIFECYCLES.indexOf(lifecycle);
  const changeLink = (id: string) =>
    `${forgeRoot?.() ?? '/sparki-forge'}/changes/${encodeURIComponent(id)}`;
  return (
    <InfoCard title="Lifecycle">
      <Stepper
        activeStep={lifecycle === 'retired' ? activeStep + 1 : activeStep}
        alternativeLabel
        aria-label="lifecycle"
      >
        {ENVIRONMENT_LIFECYCLES.map(step => (
          <Step key={step}>
            <StepLabel>{STEP_LABELS[step]}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {lifecycle === 'active' && templateRoute && (
        <Button
          variant="outlined"
          size="small"
          sx={{ mt: 1 }}
          component={Link}
          // The scaffolder pre-fills its form from the formData query parameter.
          to={`${templateRoute(
            DECOMMISSION_TEMPLATE,
          )}?formData=${encodeURIComponent(
            JSON.stringify({ environment: stringifyEntityRef(entity) }),
          )}`}
        >
          Request decommission
        </Button>
      )}
      {merged && (
        <Alert severity="success" sx={{ mt: 2 }}>
          Change {merged} is merged into main: the catalog shows the new state
          at its next refresh.
        </Alert>
      )}
      {changes.loading && <Progress />}
      {changes.error && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          Changes unavailable: {changes.error.message}
        </Alert>
      )}
      {changes.value && (
        <List dense aria-label="changes">
          {changes.value.length === 0 && (
            <ListItem>
              <ListItemText primary="No change of the local infrastructure repository touches this environment." />
            </ListItem>
          )}
          {changes.value.map(change => {
            const kind = change.environments.find(e => e.name === name)?.kind;
            return (
              <ListItem key={change.id} alignItems="flex-start">
                <ListItemText
                  primary={
                    <Link to={changeLink(change.id)}>
                      Change {change.id}: {change.title}
                    </Link>
                  }
                  secondary={`${kind ? changeKindLabel[kind] : 'change'} · ${
                    change.state
                  } · by ${change.author}`}
                />
                <MergeButton
                  change={change}
                  onMerged={result => {
                    setMerged(result.id);
                    changes.retry();
                  }}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </InfoCard>
  );
}
