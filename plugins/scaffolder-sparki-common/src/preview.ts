/** What one module call of a root will create, as its module definition declares it. */
export interface ModulePreview {
  call: string;
  /** Directory name of the module under modules/ (vpc, eks, ...). */
  module: string;
  /**
   * `yes` or `no` when the call's count is decided by a boolean of the tfvars
   * (`var.enable_redis ? 1 : 0`), else the count/for_each expression as written.
   */
  created: 'yes' | 'no' | string;
  /** `type.name`, with `(count = ...)` / `(for_each = ...)` when the block repeats. */
  resources: string[];
}

/** One line of the tier's settings; `unknown` when the tfvars do not set it. */
export interface SettingPreview {
  label: string;
  value: string;
}

/** The reviewer's preview of a root: in the change's body and in the template's review step. */
export interface RootPreview {
  modules: ModulePreview[];
  settings: SettingPreview[];
  markdown: string;
}

/**
 * The choices of the sparki-environment form the preview depends on, as the form holds them
 * (`tier` presets; `on`/`off` force a toggle). `POST /api/sparki-forge/environment-preview`.
 */
export interface EnvironmentPreviewRequest {
  tier: string;
  components?: string[];
  size?: string;
  highAvailability?: string;
  deletionProtection?: string;
  backupRetentionDays?: number;
}

/** The preview of the root the request would generate; `problems` are the tier guardrails it breaks. */
export interface EnvironmentPreviewResponse extends RootPreview {
  problems: string[];
}
