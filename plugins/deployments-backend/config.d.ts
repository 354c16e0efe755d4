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
    /** What the approvers' inbox lists as needing attention (besides failed deploys). */
    attention?: {
      /**
       * After how many minutes without a change a deploy still deploying, preview-ready or
       * promoted is listed as stuck; default 60.
       */
      stuckAfterMinutes?: number;
    };
    /**
     * Where promote and rollback switch traffic, per service and environment (validated at
     * startup; see this plugin's README).
     */
    rollout?: {
      clusters?: Array<{
        name: string;
        url: string;
        /**
         * The portal's token on that cluster: it needs `impersonate` on users and groups only.
         * @visibility secret
         */
        serviceAccountToken: string;
        caData?: string;
        skipTLSVerify?: boolean;
      }>;
      targets?: Array<{
        serviceRef: string;
        environment: string;
        provider: 'kubernetes-blue-green' | 'argo-rollouts' | 'gitops';
        /** kubernetes-blue-green and argo-rollouts: a name under `clusters`. */
        cluster?: string;
        namespace: string;
        /** kubernetes-blue-green and gitops: the live Service. */
        service?: string;
        deployments?: { blue: string; green: string };
        colorServices?: { blue: string; green: string };
        /** argo-rollouts: the Rollout. */
        rollout?: string;
        /** gitops: the local bare repository, its branch, the file holding the Service. */
        repository?: string;
        branch?: string;
        seedDirectory?: string;
        file?: string;
        healthWatch?: {
          minutes: number;
          intervalSeconds?: number;
          url?: string;
        };
      }>;
    };
    /**
     * The GitHub gates (off unless configured; see this plugin's README). Which repository deploys
     * which service comes from here only, never from a catalog annotation.
     */
    github?: {
      /** Default https://api.github.com; GitHub Enterprise: https://<host>/api/v3. */
      baseUrl?: string;
      repositories?: Array<{ serviceRef: string; owner: string; repo: string }>;
      /** The custom deployment protection rule, answered as a GitHub App. */
      protectionRule?: {
        /**
         * Checks X-Hub-Signature-256 of every delivery (at least 16 characters).
         * @visibility secret
         */
        webhookSecret: string;
        appId: number | string;
        /**
         * The GitHub App's private key (PEM).
         * @visibility secret
         */
        privateKey: string;
        /** The requester recorded for held deploys; default github-actions. */
        pipelineIdentity?: string;
      };
    };
  };
}
