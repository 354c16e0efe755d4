import { useEffect, useMemo, useState } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  WarningPanel,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { DemoUserCard } from './DemoUserCard';
import {
  forgetChoice,
  forgettingOnSignOut,
  headersFor,
  readStoredChoice,
  SignInChoice,
  storeChoice,
} from './signInChoice';

/** The backend's own message of a refused sign-in (a ResponseError's cause), else the error's. */
function messageOf(error: Error | undefined) {
  const cause = (error as { cause?: { message?: string } } | undefined)?.cause;
  return cause?.message ?? error?.message ?? 'Sign-in failed';
}

/**
 * Sign-in as the guest or, through the backend's development-only demo provider, as any user of
 * the catalog. Both are proxy providers: the session is refreshed from the backend (with the demo
 * user's header), and the last choice signs in again on reload until sign-out.
 */
export function SparkiSignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const configApi = useApi(configApiRef);
  // Each choice is a new attempt, so choosing the same user again after a failure retries.
  const [attempt, setAttempt] = useState(() => {
    const choice = readStoredChoice();
    return choice && { choice, id: 0 };
  });
  const [failure, setFailure] = useState<Error>();

  const choose = (choice: SignInChoice) => {
    setFailure(undefined);
    setAttempt(previous => ({ choice, id: (previous?.id ?? 0) + 1 }));
  };

  // ProxiedSignInPage renders this when the backend refuses: back to the choices, with why.
  const BackToChoices = useMemo(
    () =>
      function ReportFailure({ error }: { error?: Error }) {
        useEffect(() => {
          forgetChoice();
          setFailure(error ?? new Error('Sign-in failed'));
        }, [error]);
        return null;
      },
    [],
  );

  if (attempt && !failure) {
    const { choice, id } = attempt;
    return (
      <ProxiedSignInPage
        key={id}
        provider={choice.provider}
        headers={headersFor(choice)}
        onSignInSuccess={identity => {
          storeChoice(choice);
          onSignInSuccess(forgettingOnSignOut(identity));
        }}
        ErrorComponent={BackToChoices}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title={configApi.getString('app.title')} />
      <Content>
        {failure && (
          <WarningPanel
            severity="error"
            title="Sign-in failed"
            message={messageOf(failure)}
          />
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6} md={4}>
            <InfoCard
              title="Guest"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => choose({ provider: 'guest' })}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body1">
                Enter as a Guest User: the demo's guest, a user of the catalog
                like the others.
              </Typography>
            </InfoCard>
          </Grid>
          <Grid item xs={12} sm={6} md={4}>
            <DemoUserCard
              onSignIn={userEntityRef =>
                choose({ provider: 'demo', userEntityRef })
              }
            />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
