import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The PostgreSQL channel a committed transition is announced on; the payload is the request id. */
export const REQUEST_CHANGED_CHANNEL = 'sparki_deployment_request_changed';

/** How long a lost LISTEN connection waits before it is opened again. */
const RECONNECT_MS = 5_000;

/** Changes of one request, from the moment `watch` was called. */
export interface RequestWatch {
  /**
   * Resolves as soon as the request may have changed since `watch` or the previous call (at
   * once when it already has), else after `ms`: the caller reads the request again either way.
   */
  next(ms: number): Promise<void>;
  close(): void;
}

/**
 * Wakes long-polls (`GET /requests/{id}/wait`) on any replica when a request changes. Every
 * implementation is also a timer: a missed wake-up only costs the polling interval.
 */
export interface RequestChanges {
  /** True when a change wakes a watch at once (PostgreSQL), false when only the timer does. */
  readonly wakesOnChange: boolean;
  watch(requestId: string): RequestWatch;
  close(): Promise<void>;
}

class Watch implements RequestWatch {
  private changed = false;
  private wake?: () => void;

  constructor(private readonly onClose: (watch: Watch) => void) {}

  notify() {
    this.changed = true;
    this.wake?.();
  }

  next(ms: number): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return Promise.resolve();
    }
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.changed = false;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  close() {
    this.wake?.();
    this.onClose(this);
  }
}

/** The watches of this process, by request id. */
class Watches {
  private readonly byRequest = new Map<string, Set<Watch>>();

  add(requestId: string): Watch {
    const watch = new Watch(closed => {
      const set = this.byRequest.get(requestId);
      set?.delete(closed);
      if (set?.size === 0) this.byRequest.delete(requestId);
    });
    const set = this.byRequest.get(requestId) ?? new Set();
    set.add(watch);
    this.byRequest.set(requestId, set);
    return watch;
  }

  notify(requestId: string) {
    for (const watch of this.byRequest.get(requestId) ?? []) watch.notify();
  }

  notifyAll() {
    for (const set of this.byRequest.values()) {
      for (const watch of set) watch.notify();
    }
  }
}

/** SQLite (one process): no notification across connections, so only the timer wakes a watch. */
export class PollingRequestChanges implements RequestChanges {
  readonly wakesOnChange = false;
  private readonly watches = new Watches();

  watch(requestId: string): RequestWatch {
    return this.watches.add(requestId);
  }

  async close(): Promise<void> {}
}

interface PgConnection {
  query(sql: string): Promise<unknown>;
  on(
    event: 'notification',
    listener: (message: { channel: string; payload?: string }) => void,
  ): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  removeAllListeners(): void;
}

/**
 * PostgreSQL: one connection per process LISTENs on the channel the store NOTIFYs on inside each
 * transition's transaction (delivered at commit, never for a rolled-back one), so a wait on any
 * replica wakes when any replica decides. A lost connection is opened again; meanwhile, and for
 * whatever was announced while it was down, the watches' timers still re-read.
 */
export class PostgresRequestChanges implements RequestChanges {
  readonly wakesOnChange = true;
  private readonly watches = new Watches();
  private connection?: PgConnection;
  private reconnect?: NodeJS.Timeout;
  private closed = false;

  static async start(
    knex: Knex,
    logger: LoggerService,
  ): Promise<PostgresRequestChanges> {
    const changes = new PostgresRequestChanges(knex, logger);
    await changes.connect();
    return changes;
  }

  private constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
  ) {}

  private async connect(): Promise<void> {
    const connection: PgConnection =
      await this.knex.client.acquireRawConnection();
    connection.on('notification', message => {
      if (message.channel === REQUEST_CHANGED_CHANNEL && message.payload) {
        this.watches.notify(message.payload);
      }
    });
    const lost = (error?: Error) => {
      if (this.closed || this.connection !== connection) return;
      this.connection = undefined;
      this.logger.warn(
        `Deployment waits lost their LISTEN connection (${
          error?.message ?? 'closed'
        }); polling until it is back`,
      );
      this.scheduleReconnect();
    };
    connection.on('error', lost);
    connection.on('end', lost);
    await connection.query(`LISTEN ${REQUEST_CHANGED_CHANNEL}`);
    this.connection = connection;
  }

  private scheduleReconnect() {
    this.reconnect = setTimeout(() => {
      this.connect().then(
        // Whatever was announced while the connection was down: every watch reads again.
        () => this.watches.notifyAll(),
        error => {
          this.logger.warn(
            `Deployment waits could not LISTEN again: ${
              (error as Error).message
            }`,
          );
          if (!this.closed) this.scheduleReconnect();
        },
      );
    }, RECONNECT_MS);
    this.reconnect.unref?.();
  }

  watch(requestId: string): RequestWatch {
    return this.watches.add(requestId);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      connection.removeAllListeners();
      // Closing may still report an error on the socket: nothing is listening for it any more.
      connection.on('error', () => undefined);
      await this.knex.client
        .destroyRawConnection(connection)
        .catch(() => undefined);
    }
  }
}

/** Whether the database is PostgreSQL, whose NOTIFY reaches every replica's connection. */
export function isPostgres(knex: Knex): boolean {
  return String(knex.client.config.client).match(/^(pg|postgres)/) !== null;
}

/**
 * LISTEN/NOTIFY on PostgreSQL, the polling fallback elsewhere, and where LISTEN fails at startup
 * (waits still work, a poll interval later).
 */
export async function createRequestChanges(
  knex: Knex,
  logger: LoggerService,
): Promise<RequestChanges> {
  if (!isPostgres(knex)) return new PollingRequestChanges();
  try {
    return await PostgresRequestChanges.start(knex, logger);
  } catch (error) {
    logger.warn(
      `Deployment waits cannot LISTEN (${
        (error as Error).message
      }): they poll the database instead`,
    );
    return new PollingRequestChanges();
  }
}
