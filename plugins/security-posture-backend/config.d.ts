import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Cluster security posture scanner. Clusters of `kubernetes.clusterLocatorMethods` entries of
   * type `config` are scanned too; an entry here with the same name replaces them.
   */
  securityPosture?: {
    /**
     * When to scan every cluster. Runs once across all backend replicas (global scope).
     * Default: every hour, 15 minute timeout.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Scan every cluster shortly after the backend starts. Default false. */
    scanOnStartup?: boolean;
    /** Timeout of each Kubernetes API request, e.g. `{ seconds: 30 }` (the default) or `PT30S`. */
    requestTimeout?:
      | { milliseconds?: number; seconds?: number; minutes?: number }
      | string;
    /** `limit` of each list request; continued with `continue` tokens. Default 500. */
    pageSize?: number;
    /** Namespaces left out of scans and scores, e.g. `[kube-system]`. */
    skipNamespaces?: string[];
    retention?: {
      /** Snapshots older than this are deleted, except the latest of each cluster. Default 90. */
      days?: number;
    };
    clusters?: Array<{
      /** Cluster name, matched against the catalog annotation `sparki.io/cluster-name`. */
      name: string;
      /**
       * `api` (default): a Kubernetes API server; `manifests`: a directory of YAML/JSON manifests;
       * `git`: the manifests of a local git repository at `ref` (what a GitOps controller syncs).
       */
      type?: 'api' | 'manifests' | 'git';
      /** For `manifests`: the directory, relative to the backend's working directory. */
      directory?: string;
      /** For `git`: the repository (bare or not), relative to the backend's working directory. */
      repository?: string;
      /** For `git`: the commit-ish to read (default HEAD). */
      ref?: string;
      /** For `git`: the directory of this cluster's manifests in the repository (default all). */
      path?: string;
      /** API server URL. */
      url?: string;
      /** `serviceAccount` (default) or `aws` (EKS, IAM token). */
      authProvider?: 'serviceAccount' | 'aws';
      /**
       * Bearer token; without it the in-cluster token file is read at every scan.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** Base64 PEM CA bundle of the API server. */
      caData?: string;
      /** Path of a PEM CA bundle. */
      caFile?: string;
      skipTLSVerify?: boolean;
      /** For `aws`: role to assume before signing the token. */
      assumeRole?: string;
      /** For `aws`: external id of the role assumption. */
      externalId?: string;
      /** For `aws`: EKS cluster name signed into the token when it differs from `name`. */
      awsClusterName?: string;
      /** For `aws`: regional STS endpoint to sign for; global endpoint when unset. */
      region?: string;
      /** Same keys as Backstage's kubernetes plugin: kubernetes.io/aws-assume-role, kubernetes.io/aws-external-id, kubernetes.io/x-k8s-aws-id. */
      authMetadata?: { [key: string]: string };
    }>;
  };
}
