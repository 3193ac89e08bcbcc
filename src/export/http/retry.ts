import type { DeliveryMode } from '../../core/types.js';
import type { HttpResponse } from './send-request.js';

/** How an HTTP exporter retries: the policy, with the base delay adjustable for tests. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries: number;
  /** First backoff delay; doubled each retry, with ±50 % jitter (default 1000 ms). */
  readonly baseDelayMs: number;
  /** Cap on any one wait, `Retry-After` included (default 30 s). */
  readonly maxDelayMs: number;
}

export type DeliveryOutcome =
  | { readonly kind: 'ok'; readonly response: HttpResponse }
  | { readonly kind: 'rejected'; readonly response: HttpResponse }
  | { readonly kind: 'exhausted'; readonly reason: string };

/** 429, 408 and every 5xx are worth another try; other non-2xx answers will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with jitter: base·2^attempt·[0.5, 1.5), capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exp = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, exp * (0.5 + random()));
}

// Errors that say nothing listens there: worth retrying in the background (a restart), not while a flush waits.
const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

function isRefused(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && REFUSED.has(code);
}

/**
 * Waits that end early when the exporter stops or the process is exiting, so shutdown
 * and exit never sit out a backoff: the batch goes to the spool (or is counted) instead.
 */
export class RetryGate {
  private readonly _waiting = new Set<() => void>();
  private _stopped = false;
  private _mode: DeliveryMode = 'normal';

  /** True once stopped, or while the process exits: no further attempt is made. */
  get stopped(): boolean {
    return this._stopped || this._mode === 'exit';
  }

  get mode(): DeliveryMode {
    return this._mode;
  }

  set mode(mode: DeliveryMode) {
    this._mode = mode;
    if (mode === 'exit') this._wakeAll();
  }

  /** True when `error` ends the retries now: a refused connection while a flush waits for it. */
  givesUpOn(error: unknown): boolean {
    return this._mode !== 'normal' && isRefused(error);
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this._waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this._waiting.add(done);
    });
  }

  /** Ends every current and future wait at once. */
  stop(): void {
    this._stopped = true;
    this._wakeAll();
  }

  private _wakeAll(): void {
    for (const wake of [...this._waiting]) wake();
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

/**
 * Calls `send` until it gets a 2xx, a non-retryable answer, or runs out of retries.
 * Never rejects: every failure becomes an outcome the caller can report.
 */
export async function deliverWithRetry(
  send: () => Promise<HttpResponse>,
  policy: RetryPolicy,
  gate: RetryGate
): Promise<DeliveryOutcome> {
  let reason = 'not attempted';
  for (let attempt = 0; attempt <= policy.maxRetries; attempt++) {
    let wait: number | undefined;
    try {
      const response = await send();
      if (response.status >= 200 && response.status < 300) return { kind: 'ok', response };
      if (!isRetryableStatus(response.status)) return { kind: 'rejected', response };
      reason = `HTTP ${response.status}`;
      wait = parseRetryAfter(response.headers['retry-after']);
    } catch (error) {
      reason = describeError(error);
      if (gate.givesUpOn(error)) break;
    }
    if (attempt === policy.maxRetries || gate.stopped) break;
    const delay = wait === undefined ? backoffDelay(policy, attempt) : Math.min(wait, policy.maxDelayMs);
    await gate.sleep(delay);
    // Stopped (shutdown, exit) while waiting: no retry leaves after that.
    if (gate.stopped) break;
  }
  return { kind: 'exhausted', reason };
}
