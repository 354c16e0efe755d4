import {
  AppsV1Api,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  PromiseHttpLibrary,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { RolloutChange } from '../RolloutProvider';

/** A Kubernetes API server the rollout providers switch traffic on. */
export interface RolloutCluster {
  name: string;
  url: string;
  /** The portal's own token; it needs `impersonate` on users and groups, nothing else. */
  serviceAccountToken: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

export interface KubeClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  discovery: DiscoveryV1Api;
  custom: CustomObjectsApi;
}

/** Who the cluster sees: the person by user entity ref with their groups, or the portal itself. */
export function impersonationHeaders(
  actor: RolloutChange['actor'],
): Record<string, string | string[]> {
  if (actor.kind === 'system') return {};
  return {
    'Impersonate-User': actor.userRef,
    ...(actor.groups.length > 0 ? { 'Impersonate-Group': actor.groups } : {}),
  };
}

/**
 * Sends the generated clients' requests with node's http, adding the impersonation headers. The
 * default fetch-based library joins repeated headers into one comma-separated line, which the API
 * server would read as a single group; each `Impersonate-Group` must be its own header line.
 */
class ImpersonatingHttpLibrary implements PromiseHttpLibrary {
  constructor(
    private readonly tls: https.RequestOptions,
    private readonly extraHeaders: Record<string, string | string[]>,
  ) {}

  send(request: RequestContext): Promise<ResponseContext> {
    const url = new URL(request.getUrl());
    const transport = url.protocol === 'https:' ? https : http;
    const body = request.getBody();
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(
        url,
        {
          ...(url.protocol === 'https:' ? this.tls : {}),
          method: request.getHttpMethod(),
          headers: { ...request.getHeaders(), ...this.extraHeaders },
          signal: request.getSignal(),
        },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', chunk => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const data = Buffer.concat(chunks);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) {
                headers[name] = Array.isArray(value) ? value.join(', ') : value;
              }
            }
            resolve(
              new ResponseContext(response.statusCode ?? 500, headers, {
                text: async () => data.toString('utf8'),
                binary: async () => data,
                stream: () => null,
              }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      if (typeof body === 'string') outgoing.write(body);
      outgoing.end();
    });
  }
}

/** Clients for one change, authenticated as the portal and impersonating the change's actor. */
export async function createKubeClients(
  cluster: RolloutCluster,
  actor: RolloutChange['actor'],
): Promise<KubeClients> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser(
    {
      name: cluster.name,
      server: cluster.url,
      caData: cluster.caData,
      skipTLSVerify: cluster.skipTLSVerify ?? false,
    },
    {
      name: `${cluster.name}-sparki-deployments`,
      token: cluster.serviceAccountToken,
    },
  );
  const tls: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(tls);
  // Authorization comes from the request context (applySecurityAuthentication), not from here.
  delete tls.headers;
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: { default: kubeConfig },
    httpApi: wrapHttpLibrary(
      new ImpersonatingHttpLibrary(tls, impersonationHeaders(actor)),
    ),
  });
  return {
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    discovery: new DiscoveryV1Api(configuration),
    custom: new CustomObjectsApi(configuration),
  };
}
