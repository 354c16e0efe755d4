/**
 * The parts of the Kubernetes Pod API that Pod Security Standards checks read. Objects are plain
 * JSON as the API server (or a manifest) gives them, so every field is optional and checks never
 * assume more than this shape.
 */

/** A Pod Security Standards level. `privileged` allows everything. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The levels a check can belong to (privileged has no checks). */
export type PodSecurityCheckLevel = Exclude<PodSecurityLevel, 'privileged'>;

/**
 * A policy version: `v1.N` (as in `pod-security.kubernetes.io/enforce-version: v1.N`) or `latest`.
 * Versions newer than the newest known one are evaluated as the newest, as upstream does.
 */
export type PodSecurityVersion = { major: 1; minor: number } | 'latest';

/** A level at a version: what a namespace enforces, audits or warns on. */
export interface PodSecurityLevelVersion {
  level: PodSecurityLevel;
  version: PodSecurityVersion;
}

export interface PodObjectMetadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
}

export interface ContainerCapabilities {
  add?: string[] | null;
  drop?: string[] | null;
}

export interface SELinuxOptions {
  user?: string | null;
  role?: string | null;
  type?: string | null;
  level?: string | null;
}

export interface SeccompProfile {
  type?: string | null;
  localhostProfile?: string | null;
}

export interface AppArmorProfile {
  type?: string | null;
  localhostProfile?: string | null;
}

export interface WindowsSecurityContextOptions {
  hostProcess?: boolean | null;
}

export interface ContainerSecurityContext {
  privileged?: boolean | null;
  capabilities?: ContainerCapabilities | null;
  seLinuxOptions?: SELinuxOptions | null;
  seccompProfile?: SeccompProfile | null;
  appArmorProfile?: AppArmorProfile | null;
  windowsOptions?: WindowsSecurityContextOptions | null;
  procMount?: string | null;
  allowPrivilegeEscalation?: boolean | null;
  runAsNonRoot?: boolean | null;
  runAsUser?: number | null;
}

export interface PodSecurityContext {
  seLinuxOptions?: SELinuxOptions | null;
  seccompProfile?: SeccompProfile | null;
  appArmorProfile?: AppArmorProfile | null;
  windowsOptions?: WindowsSecurityContextOptions | null;
  runAsNonRoot?: boolean | null;
  runAsUser?: number | null;
  sysctls?: Array<{ name: string; value?: string }> | null;
}

/** A host-bound action of a probe or lifecycle handler. */
export interface HostAction {
  host?: string | null;
}

export interface ProbeOrHandler {
  httpGet?: HostAction | null;
  tcpSocket?: HostAction | null;
}

export interface PodContainer {
  name: string;
  image?: string;
  ports?: Array<{ containerPort?: number; hostPort?: number | null }> | null;
  securityContext?: ContainerSecurityContext | null;
  livenessProbe?: ProbeOrHandler | null;
  readinessProbe?: ProbeOrHandler | null;
  startupProbe?: ProbeOrHandler | null;
  lifecycle?: {
    postStart?: ProbeOrHandler | null;
    preStop?: ProbeOrHandler | null;
  } | null;
}

/** A volume: its name plus exactly one volume source key (`hostPath`, `configMap`, ...). */
export interface PodVolume {
  name: string;
  hostPath?: { path: string; type?: string } | null;
  [source: string]: unknown;
}

export interface PodSpec {
  containers?: PodContainer[] | null;
  initContainers?: PodContainer[] | null;
  ephemeralContainers?: PodContainer[] | null;
  volumes?: PodVolume[] | null;
  hostNetwork?: boolean | null;
  hostPID?: boolean | null;
  hostIPC?: boolean | null;
  hostUsers?: boolean | null;
  os?: { name?: string } | null;
  securityContext?: PodSecurityContext | null;
}

/** What one version of a check says about a pod. */
export type CheckOutcome =
  | { allowed: true }
  | {
      allowed: false;
      /** Succinct, e.g. `host ports`; always shown. */
      forbiddenReason: string;
      /** The offending values, e.g. `container "app" uses hostPort 8080`. */
      forbiddenDetail: string;
      /**
       * Names of the containers at fault, in init, regular, ephemeral order; empty when only
       * pod-level fields (host namespaces, volumes, sysctls, pod annotations) are.
       */
      forbiddenContainers: string[];
    };

/** One version of a check: a pure function of the pod's metadata and spec. */
export type CheckPodFn = (
  metadata: PodObjectMetadata,
  spec: PodSpec,
) => CheckOutcome;

/** The ids of the upstream checks (`pod-security-admission/policy/check_<id>.go`). */
export type PodSecurityCheckId =
  | 'privileged'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'seLinuxOptions'
  | 'procMount'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'restrictedVolumes'
  | 'allowPrivilegeEscalation'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted'
  | 'capabilities_restricted'
  | 'procMount_restricted';

export interface VersionedCheck {
  /** The first policy minor version (`v1.<minimumMinor>`) this revision applies to. */
  minimumMinor: number;
  checkPod: CheckPodFn;
  /**
   * Baseline checks this restricted revision replaces at the restricted level, because it enforces
   * a stricter form of the same rule (e.g. `capabilities_restricted` replaces
   * `capabilities_baseline` from v1.22).
   */
  overrides?: readonly PodSecurityCheckId[];
}

export interface PodSecurityCheck {
  id: PodSecurityCheckId;
  level: PodSecurityCheckLevel;
  /** What the check enforces, as the Pod Security Standards document it. */
  description: string;
  /** Revisions ordered by strictly increasing `minimumMinor`. */
  versions: readonly VersionedCheck[];
}

/** The result of one check on one pod. */
export interface PodSecurityCheckResult {
  checkId: PodSecurityCheckId;
  allowed: boolean;
  /** Set when denied. */
  forbiddenReason?: string;
  /** Set when denied. */
  forbiddenDetail?: string;
  /** Set when denied: the containers at fault (empty when only pod-level fields are). */
  forbiddenContainers?: string[];
  /** Checks this result also stands for because this check overrides them at this level. */
  overrides: readonly PodSecurityCheckId[];
}

export interface PodSecurityEvaluation {
  level: PodSecurityLevel;
  /** The version asked for (not the one it resolved to). */
  version: PodSecurityVersion;
  /** True when every check allowed the pod. */
  allowed: boolean;
  /** One result per check that applies at the level and version, in registry order. */
  results: PodSecurityCheckResult[];
}
