import { Clock, systemClock } from './clock';

/**
 * Admits at most `ratePerSecond` operations a second, with bursts of `capacity`. Callers
 * reserve their slot before waiting, so concurrent callers queue fairly and never together
 * exceed the rate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number = 1,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock.now();
  }

  async take(): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000,
    );
    this.updatedAt = now;
    this.tokens -= 1;
    if (this.tokens < 0) {
      await this.clock.sleep((-this.tokens * 1000) / this.ratePerSecond);
    }
  }
}
