import { mockCredentials } from '@backstage/backend-test-utils';
import { describeError } from '@sparki/error-message';
import { DeploymentsClient } from '../api/DeploymentsClient';

/**
 * The frontend's client as the app wires it, against a test backend at `baseUrl`, signed in as
 * `user:default/<name>` (the test backend's mock credentials).
 */
export function clientAs(baseUrl: string, name: string): DeploymentsClient {
  return new DeploymentsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string>),
            Authorization: mockCredentials.user.header(`user:default/${name}`),
          },
        }),
    },
  });
}

/** What the UI shows of a refused call: the status and the backend's message (describeError). */
export async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return {
      status: (error as { response?: { status?: number } }).response?.status,
      message: describeError(error),
    };
  }
  throw new Error('the call was expected to be refused');
}
