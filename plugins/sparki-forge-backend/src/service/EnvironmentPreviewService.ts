import {
  ModuleDefinitionCache,
  PreviewRequest,
  previewRequest,
} from '@sparki/scaffolder-backend-module-sparki';

/**
 * The review step's preview of a new environment (sparki-environment template): what the root
 * would create per module and the tier's settings, computed like the change body's preview from
 * the module definitions of `modulesDir`. Independent of the local forge: GitHub pull requests
 * get the same preview.
 */
export class EnvironmentPreviewService {
  private readonly definitions = new ModuleDefinitionCache();

  constructor(private readonly options: { modulesDir: string }) {}

  preview(request: PreviewRequest): ReturnType<typeof previewRequest> {
    return previewRequest(request, {
      modulesDir: this.options.modulesDir,
      definitions: this.definitions,
    });
  }
}
