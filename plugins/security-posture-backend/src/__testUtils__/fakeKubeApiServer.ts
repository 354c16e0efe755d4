import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { InventoryKind, KubeObject } from '@sparki/security-posture-common';

/**
 * A local stand-in for a Kubernetes API server, for tests and benchmarks only. It speaks the
 * real list paths, `limit`/`continue` paging, bearer authentication and the `Status` error
 * bodies the API server returns, so the real `@kubernetes/client-node` talks to it unchanged.
 */

/** List path of each inventory kind, as served by kube-apiserver. */
export const listPaths: Record<InventoryKind, string> = {
  namespaces: '/api/v1/namespaces',
  pods: '/api/v1/pods',
  serviceaccounts: '/api/v1/serviceaccounts',
  deployments: '/apis/apps/v1/deployments',
  statefulsets: '/apis/apps/v1/statefulsets',
  daemonsets: '/apis/apps/v1/daemonsets',
  replicasets: '/apis/apps/v1/replicasets',
  jobs: '/apis/batch/v1/jobs',
  cronjobs: '/apis/batch/v1/cronjobs',
  networkpolicies: '/apis/networking.k8s.io/v1/networkpolicies',
  roles: '/apis/rbac.authorization.k8s.io/v1/roles',
  clusterroles: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  rolebindings: '/apis/rbac.authorization.k8s.io/v1/rolebindings',
  clusterrolebindings: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
};

const kindByPath = new Map(
  Object.entries(listPaths).map(([kind, path]) => [
    path,
    kind as InventoryKind,
  ]),
);

export interface FakeKubeApiServerOptions {
  objects: Partial<Record<InventoryKind, KubeObject[]>>;
  /** Requests without `Authorization: Bearer <token>` get 401. */
  token: string;
  /** Kinds that answer with this status code (e.g. 403 for RBAC the scanner may not read). */
  failures?: Partial<Record<InventoryKind, number>>;
  /** Kinds whose continue tokens expire this many times (410 Gone on a continued request). */
  expireContinue?: Partial<Record<InventoryKind, number>>;
  /**
   * Kinds whose list requests are never answered (to exercise request timeouts): the connection
   * stays open until the client gives up or the server closes.
   */
  unanswered?: InventoryKind[];
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string };
}

export interface RecordedRequest {
  path: string;
  limit?: string;
  continue?: string;
  authorization?: string;
}

export interface FakeKubeApiServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

const reasons: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Expired',
  500: 'InternalError',
};

export async function startFakeKubeApiServer(
  options: FakeKubeApiServerOptions,
): Promise<FakeKubeApiServer> {
  const requests: RecordedRequest[] = [];
  const expiriesLeft = { ...options.expireContinue };
  let resourceVersion = 1000;

  const handler: http.RequestListener = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = {
      path: url.pathname,
      limit: url.searchParams.get('limit') ?? undefined,
      continue: url.searchParams.get('continue') ?? undefined,
      authorization: request.headers.authorization,
    };
    requests.push(recorded);
    const send = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(code, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
    };
    const fail = (code: number, message: string) =>
      send(code, status(code, reasons[code] ?? 'Unknown', message));

    if (request.headers.authorization !== `Bearer ${options.token}`) {
      fail(401, 'Unauthorized');
      return;
    }
    const kind = kindByPath.get(url.pathname);
    if (request.method !== 'GET' || !kind) {
      fail(
        404,
        `the server could not find the requested resource (${url.pathname})`,
      );
      return;
    }
    const failure = options.failures?.[kind];
    if (failure) {
      fail(
        failure,
        `${kind} is forbidden: User "system:serviceaccount:sparki:scanner" cannot list resource "${kind}" at the cluster scope`,
      );
      return;
    }
    const respond = () => {
      const continueToken = url.searchParams.get('continue');
      let offset = 0;
      if (continueToken) {
        if ((expiriesLeft[kind] ?? 0) > 0) {
          expiriesLeft[kind]! -= 1;
          fail(
            410,
            'The provided continue parameter is too old to display a consistent list result.',
          );
          return;
        }
        offset = Number(
          Buffer.from(continueToken, 'base64url').toString('utf8'),
        );
      }
      const all = options.objects[kind] ?? [];
      const limit = Number(url.searchParams.get('limit') ?? 0) || all.length;
      const items = all
        .slice(offset, offset + limit)
        .map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
      const next =
        offset + limit < all.length
          ? Buffer.from(String(offset + limit)).toString('base64url')
          : undefined;
      resourceVersion += 1;
      send(200, {
        kind: 'List',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: String(resourceVersion),
          ...(next ? { continue: next } : {}),
        },
        items,
      });
    };
    if (!options.unanswered?.includes(kind)) respond();
  };

  const server = options.tls
    ? https.createServer(
        { key: options.tls.key, cert: options.tls.cert },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
