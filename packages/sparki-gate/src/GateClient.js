'use strict';

/** A failure the CLI reports as a message and exit code 2 (never a stack trace). */
class GateError extends Error {}

// Errors where the request never left this machine, so even a POST is safe to send again.
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const retriedStatuses = new Set([502, 503, 504]);

/**
 * @typedef {{
 *   baseUrl: string,
 *   token: string,
 *   retryDelaysMs?: number[],
 *   sleep?: (ms: number) => Promise<void>,
 *   log?: (line: string) => void,
 * }} GateClientOptions
 */

/** The deployments backend's pipeline routes, with retries on network errors and 502–504. */
class GateClient {
  /** @param {GateClientOptions} options */
  constructor(options) {
    this.apiUrl = `${options.baseUrl.replace(/\/+$/, '')}/api/deployments`;
    this.token = options.token;
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 4000, 8000];
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.log = options.log ?? (() => {});
  }

  /**
   * @param {{ serviceRef: string, environment: string, reason: string, commitAuthor?: string,
   *   version: { commitSha: string, tag?: string, imageDigest?: string } }} body
   */
  createRequest(body) {
    return this.#send('POST', '/requests', { body, timeoutMs: 30_000 });
  }

  /**
   * Reports deploy progress; the idempotency key makes a repeated report a no-op.
   *
   * @param {string} id
   * @param {{ type: 'start-deploy' | 'preview-ready' | 'live' | 'fail', id?: string,
   *   comment?: string, providerRefs?: { provider: string, id: string, url?: string }[] }} body
   */
  reportEvent(id, body) {
    return this.#send('POST', `/requests/${encodeURIComponent(id)}/events`, {
      body,
      timeoutMs: 30_000,
    });
  }

  /** @param {string} id */
  getRequest(id) {
    return this.#send('GET', `/requests/${encodeURIComponent(id)}`, {
      timeoutMs: 30_000,
    });
  }

  /**
   * One long-poll; the backend answers by `timeoutSeconds` (at most 60) with `decided: false`.
   *
   * @param {string} id
   * @param {number} timeoutSeconds
   */
  waitForDecision(id, timeoutSeconds) {
    return this.#send(
      'GET',
      `/requests/${encodeURIComponent(
        id,
      )}/wait?timeoutSeconds=${timeoutSeconds}`,
      // The server holds the call for timeoutSeconds; allow it that and some slack.
      { timeoutMs: (timeoutSeconds + 30) * 1000 },
    );
  }

  /**
   * @param {'GET' | 'POST'} method
   * @param {string} path
   * @param {{ body?: unknown, timeoutMs: number }} options
   */
  async #send(method, path, { body, timeoutMs }) {
    const url = `${this.apiUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(method, url, body, timeoutMs);
      const retryable =
        outcome.kind === 'network'
          ? method === 'GET' || notSentCodes.has(outcome.code)
          : outcome.kind === 'http' && retriedStatuses.has(outcome.status);
      if (outcome.kind === 'ok') return outcome.body;
      if (!retryable || attempt >= this.retryDelaysMs.length) {
        throw new GateError(outcome.message);
      }
      const delay = this.retryDelaysMs[attempt];
      this.log(`${outcome.message}; retrying in ${delay / 1000}s`);
      await this.sleep(delay);
    }
  }

  /**
   * @param {string} method
   * @param {string} url
   * @param {unknown} body
   * @param {number} timeoutMs
   * @returns {Promise<{ kind: 'ok', body: any } | { kind: 'http', status: number, message: string }
   *   | { kind: 'network', code: string, message: string }>}
   */
  async #attempt(method, url, body, timeoutMs) {
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = /** @type {any} */ (error)?.cause;
      const code = String(cause?.code ?? /** @type {any} */ (error)?.name);
      const detail = cause?.message ?? /** @type {any} */ (error)?.message;
      return {
        kind: 'network',
        code,
        message: `${method} ${url} failed: ${detail}`,
      };
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      return {
        kind: 'http',
        status: response.status,
        message: `${method} ${url}: HTTP ${response.status}: ${errorMessage(
          text,
          response.statusText,
        )}`,
      };
    }
    try {
      return { kind: 'ok', body: JSON.parse(text) };
    } catch {
      return {
        kind: 'http',
        status: response.status,
        message: `${method} ${url}: HTTP ${response.status} with a body that is not JSON`,
      };
    }
  }
}

/**
 * Backstage's error body is `{ error: { name, message } }`; anything else is shown as is, cut short.
 *
 * @param {string} text
 * @param {string} fallback
 */
function errorMessage(text, fallback) {
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: a proxy's page, say
  }
  return text.trim().slice(0, 300) || fallback;
}

module.exports = { GateClient, GateError };
