export interface Config {
  sparki?: {
    /** Self-service environments created through the Scaffolder. */
    environments?: {
      /** AWS accounts environments may be created in. */
      allowedAccounts: Array<{
        /** 12-digit AWS account ID. */
        id: string;
        /** Human name shown in messages, e.g. "sparki-prod". */
        name: string;
        /** When set, only environments of this tier may live in the account. */
        tier?: 'dev' | 'staging' | 'prod';
      }>;
      /** AWS regions environments may be created in, e.g. eu-west-1. */
      allowedRegions: string[];
      /**
       * Prefix of the module sources written into generated roots; a module is referenced as
       * `<moduleSource>/<name>`, e.g. git::https://github.com/sparki-org/infrastructure.git//modules
       */
      moduleSource: string;
      /**
       * Optional git ref appended to module sources as `?ref=<moduleRef>`; sparki:terraform:validate
       * then refuses any module source not pinned to exactly this ref.
       */
      moduleRef?: string;
      /**
       * Local copy of the modules the generated roots use (relative to the backend's working
       * directory), read by sparki:terraform:validate to check module arguments.
       */
      modulesDir: string;
      /**
       * repoUrl of the infrastructure repository, e.g. github.com?owner=sparki-org&repo=infrastructure.
       * Its host must have a GitHub or GitLab integration (`integrations`): the templates propose
       * with publish:github:pull-request or publish:gitlab:merge-request accordingly.
       */
      infrastructureRepo: string;
      /**
       * Default branch of the infrastructure repository (default main). Environments are only
       * updated when the catalog read them from this branch, and their roots are fetched from it.
       */
      infrastructureBranch?: string;
      /**
       * When set, environments are proposed as branches of an embedded git repository (the local
       * forge, created on first use with modulesDir under modules/) instead of GitHub pull
       * requests: the demo's default, since it needs no token.
       */
      localForge?: {
        /** Default true; false (e.g. in app-config.production.yaml) goes back to GitHub. */
        enabled?: boolean;
        /** Bare repository, relative to the backend's working directory (default ../../.data/infrastructure.git). */
        directory?: string;
        /**
         * Roots (`<name>/main.tf`, ...) the repository starts with under environments/ when it is
         * created, relative to the backend's working directory: the environments that exist already.
         */
        seedEnvironmentsDir?: string;
      };
      /** Terraform state: bucket `<stateBucketPrefix>-<account id>`, lock table `lockTable`. */
      terraformState?: {
        bucketPrefix?: string;
        lockTable?: string;
      };
    };
    /** The "Sparki service" template (sparki:service:validate). */
    services?: {
      /**
       * The portal gate composite action the generated pipelines call before staging and prod,
       * pinned by full commit sha: `<owner>/<repo>/.github/actions/sparki-gate@<sha>`.
       */
      gateAction: string;
      /** Base URL of the portal backend the pipelines ask for deploys (default backend.baseUrl). */
      portalUrl?: string;
      /** GitHub owner of the repositories created on GitHub (default: the infrastructure repository's owner). */
      repoOwner?: string;
      /** Namespace of the ingress controller, the only one allowed to reach a service's pods (default ingress-nginx). */
      ingressNamespace?: string;
    };
  };
}
