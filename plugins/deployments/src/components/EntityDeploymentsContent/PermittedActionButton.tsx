import type { ReactNode } from 'react';
import Button, { type ButtonProps } from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { describeError } from '@sparki/error-message';

/** Why the button is disabled, in words; undefined when the person may act. */
function deniedReason(
  permission: BasicPermission | ResourcePermission,
  verb: string,
  state: ReturnType<typeof usePermission>,
): string | undefined {
  if (state.loading) return 'Checking your permissions…';
  if (state.error) {
    return `Your permission to ${verb} could not be checked: ${describeError(
      state.error,
    )}`;
  }
  if (!state.allowed) {
    return `You cannot ${verb}: it needs the ${permission.name} permission.`;
  }
  return undefined;
}

/**
 * A deploy action offered to those who hold its permission (on the request, for a resource
 * permission such as deployments.promote; outright for deployments.request); for the others it
 * is disabled, its tooltip saying why (the backend refuses them anyway).
 */
export const PermittedActionButton = ({
  verb,
  children,
  ...props
}: (
  | { permission: ResourcePermission; requestId: string }
  | { permission: BasicPermission; requestId?: undefined }
) & {
  /** What the button does, for the tooltip: "promote", "roll back". */
  verb: string;
  children: ReactNode;
} & Pick<ButtonProps, 'color' | 'variant' | 'onClick'>) => {
  const { permission, requestId, ...buttonProps } = props;
  const state = usePermission(
    permission.type === 'resource'
      ? { permission, resourceRef: requestId }
      : { permission },
  );
  const reason = deniedReason(permission, verb, state);
  const button = (
    <Button size="small" disabled={reason !== undefined} {...buttonProps}>
      {children}
    </Button>
  );
  if (!reason) return button;
  // A disabled button fires no mouse events: the tooltip listens on a wrapper.
  return (
    <Tooltip title={reason}>
      <span>{button}</span>
    </Tooltip>
  );
};
