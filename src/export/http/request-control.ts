import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP response, with at most `MAX_RESPONSE_BYTES` of its body kept. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Thrown (as a rejection) when a request takes longer than its timeout. */
export class RequestTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`request timed out after ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * The request in flight for one batch, so a process that is ending can give it up
 * (`HttpTraceExporter.finishSync`): a plain object, not an AbortController and its
 * listeners per request.
 */
export class RequestCancel {
  private _request: { destroy(error?: Error): unknown } | undefined;
  private _cancelled = false;

  get cancelled(): boolean {
    return this._cancelled;
  }

  /** Destroys the current request, if any; later attempts fail at once. */
  cancel(): void {
    this._cancelled = true;
    this._request?.destroy(abortError());
    this._request = undefined;
  }

  /** @internal The request now in flight; undefined once it settled. */
  _attach(request: { destroy(error?: Error): unknown } | undefined): void {
    this._request = request;
  }
}

/** The error an aborted request fails with, as Node's `AbortSignal` gives it. */
export function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

export const MAX_RESPONSE_BYTES = 64 * 1024;
