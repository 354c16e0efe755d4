import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Test helpers: local HTTP servers speaking the REST paths Backstage's own GitHub and GitLab
 * code calls (the URL readers behind fetch:plain, octokit-plugin-create-pull-request behind
 * publish:github:pull-request, gitbeaker behind publish:gitlab:merge-request), over one
 * repository whose default branch holds `files`. They record every request, answer writes
 * with the shapes the real hosts answer (fixed ids), and answer 404 to anything else (recorded
 * in `unanswered` too, so a test sees a call it did not expect).
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query, percent-decoded. */
  path: string;
  query: URLSearchParams;
  body: any;
}

export interface ForgeApiServer {
  /** Base URL of the server, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests no route answered. */
  unanswered: RecordedRequest[];
  close(): Promise<void>;
}

export interface RepositoryState {
  owner: string;
  repo: string;
  branch: string;
  /** Files of the default branch, by path. */
  files: Record<string, string>;
}

type Reply = { status: number; body?: unknown; raw?: Buffer };
type Route = (request: RecordedRequest) => Reply | undefined;

const BASE_COMMIT = 'a'.repeat(40);
const BASE_TREE = 'b'.repeat(40);

/** A gzipped tarball of the files under one top-level directory, as both hosts serve archives. */
function tarball(files: Record<string, string>, prefix: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-archive-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(dir, prefix, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    return execFileSync('tar', ['-czf', '-', '-C', dir, prefix]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function filesUnder(files: Record<string, string>, directory: string) {
  const prefix = directory ? `${directory.replace(/\/+$/, '')}/` : '';
  return Object.fromEntries(
    Object.entries(files).filter(([file]) => file.startsWith(prefix)),
  );
}

/** The object id git gives a blob: what GitLab's tree API reports as `id`. */
function gitBlobId(content: string): string {
  const data = Buffer.from(content);
  return crypto
    .createHash('sha1')
    .update(`blob ${data.length}\0`)
    .update(data)
    .digest('hex');
}

async function startServer(
  routeFor: (baseUrl: string) => Route,
): Promise<ForgeApiServer> {
  const requests: RecordedRequest[] = [];
  const unanswered: RecordedRequest[] = [];
  let route: Route = () => undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      if (text && /json/.test(req.headers['content-type'] ?? '')) {
        body = JSON.parse(text);
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        body,
      };
      requests.push(recorded);
      const reply = route(recorded);
      if (!reply) {
        unanswered.push(recorded);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '404 Not Found' }));
        return;
      }
      if (reply.raw) {
        res.writeHead(reply.status, { 'content-type': 'application/gzip' });
        res.end(reply.raw);
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  route = routeFor(baseUrl);
  return {
    baseUrl,
    requests,
    unanswered,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}

/**
 * GitHub's REST API under `/api/v3` (and GraphQL at `/api/graphql`), as GitHub Enterprise
 * serves it: configure `integrations.github[].apiBaseUrl` as `<baseUrl>/api/v3`.
 */
export function startGithubApi(state: RepositoryState) {
  const { owner, repo, branch, files } = state;
  const repoPath = `/api/v3/repos/${owner}/${repo}`;
  return startServer(baseUrl => ({ method, path: requestPath, query }) => {
    if (method === 'GET' && requestPath === repoPath) {
      return {
        status: 200,
        body: {
          full_name: `${owner}/${repo}`,
          default_branch: branch,
          permissions: { admin: false, push: true, pull: true },
        },
      };
    }
    if (
      method === 'GET' &&
      requestPath === `${repoPath}/commits/${branch}/status`
    ) {
      return {
        status: 200,
        body: {
          sha: BASE_COMMIT,
          repository: {
            archive_url: `${baseUrl}${repoPath}/{archive_format}{/ref}`,
            trees_url: `${baseUrl}${repoPath}/git/trees{/sha}`,
          },
        },
      };
    }
    if (
      method === 'GET' &&
      requestPath === `${repoPath}/tarball/${BASE_COMMIT}`
    ) {
      return {
        status: 200,
        raw: tarball(files, `${owner}-${repo}-${BASE_COMMIT.slice(0, 7)}`),
      };
    }
    if (method === 'GET' && requestPath === `${repoPath}/commits`) {
      return query.get('sha') === branch
        ? {
            status: 200,
            body: [{ sha: BASE_COMMIT, commit: { tree: { sha: BASE_TREE } } }],
          }
        : undefined;
    }
    if (method === 'HEAD' && requestPath.startsWith(`${repoPath}/contents/`)) {
      const file = requestPath.slice(`${repoPath}/contents/`.length);
      return file in files && query.get('ref') === BASE_COMMIT
        ? { status: 200 }
        : undefined;
    }
    if (method === 'POST' && requestPath === `${repoPath}/git/trees`) {
      return { status: 201, body: { sha: 'c'.repeat(40) } };
    }
    if (method === 'POST' && requestPath === `${repoPath}/git/commits`) {
      return { status: 201, body: { sha: 'd'.repeat(40) } };
    }
    if (method === 'POST' && requestPath === '/api/graphql') {
      // The branch does not exist yet, so it has no pull request.
      return { status: 200, body: { data: { repository: { ref: null } } } };
    }
    if (method === 'POST' && requestPath === `${repoPath}/git/refs`) {
      return { status: 201, body: { ref: 'created' } };
    }
    if (method === 'POST' && requestPath === `${repoPath}/pulls`) {
      return {
        status: 201,
        body: {
          number: 7,
          html_url: `https://github.example/${owner}/${repo}/pull/7`,
          base: { ref: branch },
        },
      };
    }
    return undefined;
  });
}

/**
 * GitLab's REST API under `/api/v4`: configure `integrations.gitlab[]` with `baseUrl` the
 * server's and `apiBaseUrl` `<baseUrl>/api/v4`. The project is addressed by its path
 * (`owner/repo`, percent-encoded), as Backstage addresses it.
 */
export function startGitlabApi(state: RepositoryState) {
  const { owner, repo, branch, files } = state;
  const projectPath = `/api/v4/projects/${owner}/${repo}`;
  return startServer(() => ({ method, path: requestPath, query }) => {
    if (method === 'GET' && requestPath === projectPath) {
      return {
        status: 200,
        body: {
          id: 42,
          path_with_namespace: `${owner}/${repo}`,
          default_branch: branch,
        },
      };
    }
    if (
      method === 'GET' &&
      requestPath === `${projectPath}/repository/commits` &&
      query.get('ref_name') === branch
    ) {
      return { status: 200, body: [{ id: BASE_COMMIT }] };
    }
    if (
      method === 'GET' &&
      requestPath === `${projectPath}/repository/archive` &&
      query.get('sha') === branch
    ) {
      return {
        status: 200,
        raw: tarball(
          filesUnder(files, query.get('path') ?? ''),
          `${repo}-${BASE_COMMIT}`,
        ),
      };
    }
    if (method === 'GET' && requestPath === `${projectPath}/repository/tree`) {
      const under = filesUnder(files, query.get('path') ?? '');
      return {
        status: 200,
        body: Object.entries(under).map(([file, content]) => ({
          id: gitBlobId(content),
          name: path.posix.basename(file),
          type: 'blob',
          path: file,
          mode: '100644',
        })),
      };
    }
    if (
      method === 'GET' &&
      requestPath.startsWith(`${projectPath}/repository/branches/`)
    ) {
      // Only the default branch exists: the proposal's branch is new.
      const name = requestPath.slice(
        `${projectPath}/repository/branches/`.length,
      );
      return name === branch
        ? {
            status: 200,
            body: {
              name,
              web_url: `https://gitlab.example/${owner}/${repo}/-/tree/${name}`,
            },
          }
        : undefined;
    }
    if (
      method === 'POST' &&
      requestPath === `${projectPath}/repository/branches`
    ) {
      return { status: 201, body: { name: 'created' } };
    }
    if (
      method === 'POST' &&
      requestPath === `${projectPath}/repository/commits`
    ) {
      return { status: 201, body: { id: 'e'.repeat(40) } };
    }
    if (method === 'POST' && requestPath === `${projectPath}/merge_requests`) {
      return {
        status: 201,
        body: {
          iid: 3,
          web_url: `https://gitlab.example/${owner}/${repo}/-/merge_requests/3`,
        },
      };
    }
    return undefined;
  });
}
