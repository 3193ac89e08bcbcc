/**
 * A token bucket holding up to one second of traces: `perSecond` tokens refill
 * continuously, each kept trace takes one. Two numbers of state and no
 * allocation per call.
 */
export class RateLimiter {
  private _tokens: number;
  private _last: number;
  private readonly _capacity: number;
  private readonly _perMs: number;

  constructor(
    perSecond: number,
    private readonly _now: () => number
  ) {
    // At least one token, so a limit below 1/s still lets a trace through now and then.
    this._capacity = Math.max(1, perSecond);
    this._perMs = perSecond / 1000;
    this._tokens = this._capacity;
    this._last = _now();
  }

  /** Takes a token if one is available. */
  tryTake(): boolean {
    const t = this._now();
    const elapsed = t - this._last;
    // A clock that goes backwards must not drain or overfill the bucket.
    if (elapsed > 0) {
      this._tokens = Math.min(this._capacity, this._tokens + elapsed * this._perMs);
      this._last = t;
    }
    if (this._tokens < 1) return false;
    this._tokens -= 1;
    return true;
  }
}
