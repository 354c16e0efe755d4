import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type {
  EnvironmentPreviewRequest,
  EnvironmentPreviewResponse,
} from '@sparki/scaffolder-sparki-common';

/** The form's choices the preview depends on, taken from the whole form's data. */
export function previewRequestOf(
  formData: Record<string, unknown> | undefined,
): EnvironmentPreviewRequest | undefined {
  const tier = formData?.tier;
  if (typeof tier !== 'string') return undefined;
  const text = (key: string) =>
    typeof formData?.[key] === 'string' ? (formData[key] as string) : undefined;
  const components = formData?.components;
  const backupRetentionDays = formData?.backupRetentionDays;
  return {
    tier,
    components: Array.isArray(components)
      ? components.filter((c): c is string => typeof c === 'string')
      : undefined,
    size: text('size'),
    highAvailability: text('highAvailability'),
    deletionProtection: text('deletionProtection'),
    backupRetentionDays:
      typeof backupRetentionDays === 'number' ? backupRetentionDays : undefined,
  };
}

/** Asks the sparki-forge backend for the preview (POST /environment-preview). */
export async function fetchEnvironmentPreview(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  request: EnvironmentPreviewRequest,
): Promise<EnvironmentPreviewResponse> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('sparki-forge');
  const response = await apis.fetchApi.fetch(`${baseUrl}/environment-preview`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new Error(
      body?.error?.message ?? `${response.status} ${response.statusText}`,
    );
  }
  return response.json();
}
