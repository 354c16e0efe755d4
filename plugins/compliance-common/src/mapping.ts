import { ControlCheckMapping, Framework } from './types';

/** The many-to-many mapping as rows: one per (framework, control, check). */
export function controlCheckMappings(
  frameworkList: readonly Framework[],
): ControlCheckMapping[] {
  return frameworkList.flatMap(framework =>
    framework.controls.flatMap(control =>
      control.requiredChecks.map(checkId => ({
        frameworkId: framework.id,
        frameworkVersion: framework.version,
        controlId: control.id,
        checkId,
      })),
    ),
  );
}

/** The controls, across frameworks, a check feeds: what one failing check affects. */
export function controlsOfCheck(
  frameworkList: readonly Framework[],
  checkId: string,
): ControlCheckMapping[] {
  return controlCheckMappings(frameworkList).filter(
    row => row.checkId === checkId,
  );
}
