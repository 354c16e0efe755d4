import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type FakeResponse = { status: number; body?: unknown };

type Handler = (request: RecordedRequest) => FakeResponse;

/**
 * A local HTTP server speaking the GitHub REST paths a test registers (`"POST /repos/o/r/..."`),
 * recording every request with its headers and JSON body; anything unregistered is a 404.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  private readonly handlers = new Map<string, Handler>();
  private server?: Server;
  baseUrl = '';

  on(route: string, handler: Handler | FakeResponse): this {
    this.handlers.set(
      route,
      typeof handler === 'function' ? handler : () => handler,
    );
    return this;
  }

  /** Requests to a route, e.g. `"POST /repos/o/r/issues/7/comments"`. */
  calls(route: string): RecordedRequest[] {
    return this.requests.filter(r => `${r.method} ${r.path}` === route);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: (req.url ?? '').split('?')[0],
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const handler = this.handlers.get(
          `${recorded.method} ${recorded.path}`,
        );
        const { status, body } = handler
          ? handler(recorded)
          : { status: 404, body: { message: 'Not Found' } };
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    await new Promise<void>(resolve => {
      server.close(() => resolve());
      // Clients keep connections alive (Node's global agent): end them so jest can exit.
      server.closeAllConnections();
    });
  }
}
