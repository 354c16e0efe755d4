import { Link } from '@backstage/core-components';
import type { ScopeRef } from '@sparki/compliance-common';
import { describeScope } from './format';
import { useCompliancePaths } from './paths';

/** A scope's name, linking to the framework's page in that scope where the app routes it. */
export const ScopeLink = ({
  frameworkId,
  scope,
}: {
  frameworkId: string;
  scope?: ScopeRef;
}) => {
  const paths = useCompliancePaths();
  return paths.framework && scope ? (
    <Link to={paths.framework(frameworkId, scope)}>{describeScope(scope)}</Link>
  ) : (
    <>{describeScope(scope)}</>
  );
};
