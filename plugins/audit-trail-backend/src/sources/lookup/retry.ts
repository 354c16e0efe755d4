import { Clock, systemClock } from './clock';

export interface BackoffOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clock?: Clock;
  random?: () => number;
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const NETWORK_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
]);
const EXPIRED_CREDENTIALS_ERRORS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
]);

type AwsError = {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
};

export function isThrottling(error: unknown): boolean {
  const e = error as AwsError;
  return (
    THROTTLING_ERRORS.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 429
  );
}

/** Faults worth retrying: throttling, connection failures, 5xx. */
export function isTransient(error: unknown): boolean {
  const e = error as AwsError;
  const status = e?.$metadata?.httpStatusCode;
  return (
    isThrottling(error) ||
    NETWORK_ERRORS.has(e?.name ?? '') ||
    NETWORK_ERRORS.has(e?.code ?? '') ||
    (status !== undefined && status >= 500)
  );
}

export function isExpiredCredentials(error: unknown): boolean {
  return EXPIRED_CREDENTIALS_ERRORS.has((error as AwsError)?.name ?? '');
}

/** Thrown by an operation that fixed the cause of a failure and wants to retry at once. */
export class RetryNow extends Error {
  constructor(readonly cause: unknown) {
    super(`retrying after ${cause}`);
    this.name = 'RetryNow';
  }
}

/** Exponential backoff with full jitter (delay uniformly drawn from 0 to the cap). */
export async function withBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: BackoffOptions & {
    onRetry?: (error: unknown, delayMs: number) => void;
  },
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.maxAttempts) {
        throw error instanceof RetryNow ? error.cause : error;
      }
      if (error instanceof RetryNow) continue;
      if (!isTransient(error)) throw error;
      const cap = Math.min(
        options.maxDelayMs,
        options.baseDelayMs * 2 ** (attempt - 1),
      );
      const delay = Math.floor(random() * cap);
      options.onRetry?.(error, delay);
      await clock.sleep(delay);
    }
  }
}
