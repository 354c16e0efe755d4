import { ApiException } from '@kubernetes/client-node';
import { RolloutBackendError, RolloutRefusedError } from '../RolloutProvider';

/** The API server's own message from a `Status` body, else the status code. */
function statusMessage(error: ApiException<unknown>): string {
  let body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return (body as string) || `HTTP ${error.code}`;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${error.code}`;
}

/**
 * Runs one call to the cluster; its failures become a refusal (409: the object changed meanwhile,
 * or the cluster rejected the change) or a backend error (502: unreachable, forbidden, missing).
 */
export async function onCluster<T>(
  cluster: string,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiException) {
      const message = `cluster ${cluster}: ${what} failed: ${statusMessage(
        error,
      )}`;
      if (error.code === 409 || error.code === 422) {
        throw new RolloutRefusedError(message);
      }
      throw new RolloutBackendError(message);
    }
    throw new RolloutBackendError(
      `cluster ${cluster}: ${what} failed: ${(error as Error).message}`,
    );
  }
}
