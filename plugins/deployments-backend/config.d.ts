export interface Config {
  /**
   * Deploy controls (@sparki/deployments-backend). Validated at startup with the schema of
   * @sparki/deployments-common (unknown keys are refused); see its README for every rule.
   */
  deployments?: {
    /** The policy of each environment, by name (e.g. staging, prod). */
    environments?: {
      [name: string]: {
        approvals: {
          /** How many distinct people must approve. */
          required: number;
          allowedGroups?: string[];
          allowedUsers?: string[];
          /** At least one approval from a member of each. */
          requiredGroups?: string[];
        };
        /** Members of the service's owning group cannot approve. */
        separationOfDuties?: boolean;
        changeWindows?: Array<{
          days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>;
          from: string;
          to: string;
          timeZone: string;
        }>;
        freezes?: Array<{ from: string; to: string; reason: string }>;
        postureGate?: {
          minScore: number;
          noFailingCritical?: boolean;
          maxAgeHours: number;
        };
        bakeTime?: { minutes: number };
        expiry?: { approvalsHours?: number; requestHours?: number };
      };
    };
  };
}
