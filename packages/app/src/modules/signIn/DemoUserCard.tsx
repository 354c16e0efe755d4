import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef, UserEntity } from '@backstage/catalog-model';

type DemoUsers =
  | { state: 'loading' }
  | { state: 'loaded'; users: UserEntity[] }
  | { state: 'off' }
  | { state: 'failed'; message: string };

/** The catalog's users as the demo provider lists them (GET /api/auth/demo/users). */
function useDemoUsers(): DemoUsers {
  const discoveryApi = useApi(discoveryApiRef);
  const [demoUsers, setDemoUsers] = useState<DemoUsers>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    // Plain fetch: the fetch API would wait for a signed-in identity to add its token.
    (async () => {
      const response = await fetch(
        `${await discoveryApi.getBaseUrl('auth')}/demo/users`,
      );
      if (response.status === 404) return { state: 'off' } as const;
      if (!response.ok) {
        return {
          state: 'failed',
          message: `${response.status} ${response.statusText}`,
        } as const;
      }
      const { items } = await response.json();
      return { state: 'loaded', users: items as UserEntity[] } as const;
    })()
      .catch(error => ({ state: 'failed', message: String(error) } as const))
      .then(result => {
        if (!cancelled) setDemoUsers(result);
      });
    return () => {
      cancelled = true;
    };
  }, [discoveryApi]);
  return demoUsers;
}

function labelOf(user: UserEntity) {
  const name =
    user.spec.profile?.displayName ?? user.metadata.title ?? user.metadata.name;
  const groups = user.spec.memberOf ?? [];
  return groups.length > 0 ? `${name} (${groups.join(', ')})` : name;
}

function DemoUserPicker(props: {
  users: UserEntity[];
  selected: string;
  onSelect(userEntityRef: string): void;
}) {
  return (
    <TextField
      id="sparki-demo-user"
      select
      fullWidth
      margin="normal"
      label="Demo user"
      value={props.selected}
      onChange={event => props.onSelect(event.target.value)}
      SelectProps={{ native: true }}
    >
      {props.users.map(user => {
        const ref = stringifyEntityRef(user);
        return (
          <option key={ref} value={ref}>
            {labelOf(user)}
          </option>
        );
      })}
    </TextField>
  );
}

/**
 * Sign-in as any user of the catalog (development only), so two people can play requester and
 * approver. The list comes from the backend, so it holds exactly the users sign-in accepts.
 */
export function DemoUserCard(props: { onSignIn(userEntityRef: string): void }) {
  const demoUsers = useDemoUsers();
  const [chosen, setChosen] = useState<string>();
  const users = demoUsers.state === 'loaded' ? demoUsers.users : [];
  // Until one is chosen, the first user of the list.
  const selected = chosen ?? (users[0] && stringifyEntityRef(users[0]));

  let content;
  if (demoUsers.state === 'loading') {
    content = <Progress />;
  } else if (demoUsers.state === 'off') {
    content = (
      <Typography variant="body2">
        Demo sign-in is off on this backend (it only runs in development).
      </Typography>
    );
  } else if (demoUsers.state === 'failed') {
    content = (
      <Typography variant="body2" color="error">
        The demo users could not be loaded: {demoUsers.message}
      </Typography>
    );
  } else if (!selected) {
    content = (
      <Typography variant="body2">
        The catalog has no users yet (it may still be loading the demo
        organisation): reload in a moment.
      </Typography>
    );
  } else {
    content = (
      <DemoUserPicker users={users} selected={selected} onSelect={setChosen} />
    );
  }
  return (
    <InfoCard
      title="Demo user"
      variant="fullHeight"
      actions={
        selected && (
          <Button
            color="primary"
            variant="outlined"
            onClick={() => props.onSignIn(selected)}
          >
            Sign in
          </Button>
        )
      }
    >
      <Typography variant="body1">
        Sign in as a user of the demo catalog, with the groups it is a member
        of.
      </Typography>
      {content}
    </InfoCard>
  );
}
