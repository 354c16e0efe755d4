import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import {
  defaultNamespaceResources,
  InventoryKind,
  KubeObject,
} from '@sparki/security-posture-common';

/**
 * A local stand-in for a Kubernetes API server, for tests and benchmarks only. It speaks the
 * real list paths, `limit`/`continue` paging, bearer authentication and the `Status` error
 * bodies the API server returns, so the real `@kubernetes/client-node` talks to it unchanged.
 */

type ListedKind = Exclude<InventoryKind, 'defaultnamespaceobjects'>;

/** List path of each inventory kind listed cluster-wide, as served by kube-apiserver. */
export const listPaths: Record<ListedKind, string> = {
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
  validatingwebhookconfigurations:
    '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
};

/** Path of each resource listed in the default namespace (`defaultnamespaceobjects`). */
export const defaultNamespaceListPaths: Record<string, string> =
  Object.fromEntries(
    defaultNamespaceResources.map(({ group, version, resource }) => [
      resource,
      `${
        group ? `/apis/${group}` : '/api'
      }/${version}/namespaces/default/${resource}`,
    ]),
  );

const kindByPath = new Map(
  Object.entries(listPaths).map(([kind, path]) => [path, kind as ListedKind]),
);
const defaultNamespaceResourceByPath = new Map(
  defaultNamespaceResources.map(resource => [
    defaultNamespaceListPaths[resource.resource],
    resource,
  ]),
);

/** What a client asks for with `Accept` to get list items as metadata only. */
const partialObjectMetadataList =
  'as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

export interface FakeKubeApiServerOptions {
  /**
   * Objects per kind; `defaultnamespaceobjects` are served by kind from the list path of their
   * resource in the default namespace (`defaultNamespaceListPaths`).
   */
  objects: Partial<Record<InventoryKind, KubeObject[]>>;
  /** Requests without `Authorization: Bearer <token>` get 401. */
  token: string;
  /** Kinds that answer with this status code (e.g. 403 for RBAC the scanner may not read). */
  failures?: Partial<Record<ListedKind, number>>;
  /** Resources of the default namespace (e.g. `secrets`) that answer with this status code. */
  defaultNamespaceFailures?: Partial<Record<string, number>>;
  /**
   * Answer `Accept: application/json;as=PartialObjectMetadataList;...` with metadata only, as
   * kube-apiserver does (default true); false acts as a server that ignores it.
   */
  partialObjectMetadata?: boolean;
  /** Kinds whose continue tokens expire this many times (410 Gone on a continued request). */
  expireContinue?: Partial<Record<ListedKind, number>>;
  /**
   * Kinds whose list requests are never answered (to exercise request timeouts): the connection
   * stays open until the client gives up or the server closes.
   */
  unanswered?: ListedKind[];
  /** `gitVersion` served at `/version`; without it `/version` answers 404. */
  gitVersion?: string;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: string; cert: string };
  /**
   * Namespaced objects served at their own paths (`GET`, merge or JSON `PATCH`, also of the `status`
   * subresource) and listed per namespace with `labelSelector` (`key=value,...`). Objects are
   * changed in place by a PATCH; a patch naming another `metadata.resourceVersion` gets 409.
   */
  namespacedObjects?: KubeObject[];
}

export interface RecordedRequest {
  path: string;
  limit?: string;
  continue?: string;
  authorization?: string;
  accept?: string;
  method?: string;
  contentType?: string;
  /** Every `Impersonate-User` / `Impersonate-Group` header line, in order. */
  impersonateUser?: string[];
  impersonateGroups?: string[];
  /** The parsed JSON body of a PATCH. */
  body?: unknown;
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
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  500: 'InternalError',
};

/** `/api/v1/namespaces/<ns>/<resource>[/<name>[/status]]` or the same under `/apis/<group>/<version>`. */
const namespacedPath =
  /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(\/status)?$/;

/** The resource (plural, lower case) an object is served as, e.g. Service → services. */
function resourceOf(object: KubeObject): string {
  const kind = (object.kind ?? '').toLowerCase();
  return kind.endsWith('s') ? `${kind}es` : `${kind}s`;
}

function groupVersionOf(object: KubeObject): string {
  return object.apiVersion ?? 'v1';
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return patch;
  }
  const result: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function jsonPatchAsMerge(
  operations: Array<{ op: string; path: string; value: unknown }>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { op, path, value } of operations) {
    if (op !== 'replace' && op !== 'add') {
      throw new Error(`this fake does not apply JSON patch op ${op}`);
    }
    const keys = path.split('/').slice(1);
    let node = patch;
    keys.slice(0, -1).forEach(key => {
      node = (node[key] ??= {}) as Record<string, unknown>;
    });
    node[keys[keys.length - 1]] = value;
  }
  return patch;
}

function matchesLabels(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every(term => {
    const [key, value] = term.split('=');
    return object.metadata.labels?.[key] === value;
  });
}

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
      accept: request.headers.accept,
      method: request.method,
      contentType: request.headers['content-type'],
      impersonateUser: request.headersDistinct['impersonate-user'],
      impersonateGroups: request.headersDistinct['impersonate-group'],
    };
    requests.push(recorded);
    const send = (code: number, body: unknown, contentType?: string) => {
      const text = JSON.stringify(body);
      response.writeHead(code, {
        'content-type': contentType ?? 'application/json',
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
    if (url.pathname === '/version' && options.gitVersion) {
      const [major, minor] = options.gitVersion.replace(/^v/, '').split('.');
      send(200, { major, minor, gitVersion: options.gitVersion });
      return;
    }
    const namespaced = options.namespacedObjects
      ? namespacedPath.exec(url.pathname)
      : null;
    if (namespaced) {
      const [
        ,
        coreVersion,
        group,
        version,
        namespace,
        resource,
        name,
        subresource,
      ] = namespaced;
      const groupVersion = coreVersion ?? `${group}/${version}`;
      const candidates = options.namespacedObjects!.filter(
        object =>
          groupVersionOf(object) === groupVersion &&
          resourceOf(object) === resource &&
          object.metadata.namespace === namespace,
      );
      if (!name && request.method === 'GET') {
        resourceVersion += 1;
        send(200, {
          kind: 'List',
          apiVersion: groupVersion,
          metadata: { resourceVersion: String(resourceVersion) },
          items: candidates.filter(object =>
            matchesLabels(object, url.searchParams.get('labelSelector')),
          ),
        });
        return;
      }
      const object = candidates.find(o => o.metadata.name === name);
      if (!object) {
        fail(404, `${resource} "${name}" not found`);
        return;
      }
      if (request.method === 'GET' && !subresource) {
        send(200, object);
        return;
      }
      if (request.method !== 'PATCH') {
        fail(404, `the server could not find the requested resource`);
        return;
      }
      const jsonPatch = recorded.contentType === 'application/json-patch+json';
      if (
        !jsonPatch &&
        recorded.contentType !== 'application/merge-patch+json'
      ) {
        fail(
          415,
          `this fake accepts merge and JSON patches only, not ${recorded.contentType}`,
        );
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', chunk => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        recorded.body = body;
        // JSON patch `replace`/`add` ops as the merge patch that sets the same values.
        const patch = jsonPatch ? jsonPatchAsMerge(body) : body;
        const expected = patch?.metadata?.resourceVersion;
        if (expected && expected !== object.metadata.resourceVersion) {
          fail(
            409,
            `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          );
          return;
        }
        const { resourceVersion: _expected, ...metadataPatch } =
          patch?.metadata ?? {};
        const patched = mergePatch(object, {
          ...patch,
          ...(patch?.metadata ? { metadata: metadataPatch } : {}),
        }) as KubeObject;
        resourceVersion += 1;
        patched.metadata.resourceVersion = String(resourceVersion);
        // In place, so the test's object (and the next read) sees the change.
        for (const key of Object.keys(object)) {
          delete (object as Record<string, unknown>)[key];
        }
        Object.assign(object, patched);
        send(200, object);
      });
      return;
    }
    const listedKind = kindByPath.get(url.pathname);
    const defaultNamespaceResource = defaultNamespaceResourceByPath.get(
      url.pathname,
    );
    if (
      request.method !== 'GET' ||
      (!listedKind && !defaultNamespaceResource)
    ) {
      fail(
        404,
        `the server could not find the requested resource (${url.pathname})`,
      );
      return;
    }
    // Continue tokens and expiries are per kind, or per resource in the default namespace.
    const kind: string = listedKind ?? defaultNamespaceResource!.resource;
    const failure = listedKind
      ? options.failures?.[listedKind]
      : options.defaultNamespaceFailures?.[kind];
    if (failure) {
      fail(
        failure,
        listedKind
          ? `${kind} is forbidden: User "system:serviceaccount:sparki:scanner" cannot list resource "${kind}" at the cluster scope`
          : `${kind} is forbidden: User "system:serviceaccount:sparki:scanner" cannot list resource "${kind}" in the namespace "default"`,
      );
      return;
    }
    const metadataOnly =
      options.partialObjectMetadata !== false &&
      (request.headers.accept ?? '').includes(partialObjectMetadataList);
    const respond = () => {
      const continueToken = url.searchParams.get('continue');
      let offset = 0;
      if (continueToken) {
        if (listedKind && (expiriesLeft[listedKind] ?? 0) > 0) {
          expiriesLeft[listedKind]! -= 1;
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
      const all = listedKind
        ? options.objects[listedKind] ?? []
        : (options.objects.defaultnamespaceobjects ?? []).filter(
            object =>
              object.kind === defaultNamespaceResource!.kind &&
              (object.metadata.namespace ?? 'default') === 'default',
          );
      const limit = Number(url.searchParams.get('limit') ?? 0) || all.length;
      const items = all
        .slice(offset, offset + limit)
        .map(({ kind: _k, apiVersion: _a, ...rest }) =>
          metadataOnly
            ? {
                kind: 'PartialObjectMetadata',
                apiVersion: 'meta.k8s.io/v1',
                metadata: rest.metadata,
              }
            : rest,
        );
      const next =
        offset + limit < all.length
          ? Buffer.from(String(offset + limit)).toString('base64url')
          : undefined;
      resourceVersion += 1;
      send(
        200,
        {
          kind: metadataOnly ? 'PartialObjectMetadataList' : 'List',
          apiVersion: metadataOnly ? 'meta.k8s.io/v1' : 'v1',
          metadata: {
            resourceVersion: String(resourceVersion),
            ...(next ? { continue: next } : {}),
          },
          items,
        },
        metadataOnly
          ? `application/json;${partialObjectMetadataList}`
          : undefined,
      );
    };
    if (!listedKind || !options.unanswered?.includes(listedKind)) respond();
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
