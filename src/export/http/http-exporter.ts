import type { ExportResult, FinishedTrace, TraceExporter } from '../../core/types.js';
import { diag } from '../../diag/diag.js';
import { markReported, reportInternalError } from '../../diag/internal-errors.js';
import { bodyBytes, type BodyChunks } from '../chunk-writer.js';
import { Spool } from '../spool.js';
import { gzipChunks } from './gzip-chunks.js';
import { deliverWithRetry, RetryGate, type DeliveryOutcome, type RetryPolicy } from './retry.js';
import { sendRequest, type HttpResponse } from './send-request.js';

/** Settings every HTTP exporter shares. */
export interface HttpExporterSettings {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Gzip bodies larger than this; 0 never compresses. */
  readonly compressAboveBytes: number;
  readonly retry: RetryPolicy;
  readonly spoolDir: string | undefined;
  readonly maxSpoolBytes: number;
}

const FAILED_STOPPED: ExportResult = { code: 'failed', error: new Error('exporter is shut down'), retryable: false };

/**
 * The delivery half of the Noveum and OTLP exporters: compression, retries with
 * backoff, `Retry-After`, the spool. Subclasses only turn traces into a body.
 */
export abstract class HttpTraceExporter implements TraceExporter {
  protected readonly _gate = new RetryGate();
  private readonly _spool: Spool | undefined;
  private _draining: Promise<void> | undefined;
  private _stopped = false;

  constructor(protected readonly _settings: HttpExporterSettings) {
    this._spool = _settings.spoolDir === undefined ? undefined : new Spool(_settings.spoolDir, _settings.maxSpoolBytes);
    // Batches spooled by an earlier run go out as soon as this one starts.
    if (this._spool !== undefined) this._drainSpool();
  }

  /** Turns a batch into the request body; should yield between spans (see `ChunkWriter`). */
  protected abstract _encode(traces: readonly FinishedTrace[]): Promise<BodyChunks>;

  /** Reports a 4xx that will not change on retry (bad key, forbidden project, bad payload). */
  protected abstract _reportRejected(response: HttpResponse): void;

  /** A name for log lines: "Noveum API", "OTLP endpoint". */
  protected abstract readonly _label: string;

  protected _onAccepted(_response: HttpResponse): void {}

  /**
   * Not an async function on purpose: a suspended async frame keeps its arguments
   * reachable, and once encoded only the Buffers are needed through the retries.
   */
  export(traces: readonly FinishedTrace[]): Promise<ExportResult> {
    if (this._stopped) return Promise.resolve(FAILED_STOPPED);
    if (traces.length === 0) return Promise.resolve({ code: 'success' });
    return this._encode(traces).then((body) => this._sendBody(body));
  }

  private async _sendBody(body: BodyChunks): Promise<ExportResult> {
    const outcome = await this._deliver(body, this._settings.retry.maxRetries);
    return this._settle(outcome, body);
  }

  private async _settle(outcome: DeliveryOutcome, body: BodyChunks): Promise<ExportResult> {
    if (outcome.kind === 'ok') {
      this._onAccepted(outcome.response);
      if (this._spool !== undefined) this._drainSpool();
      return { code: 'success' };
    }
    if (outcome.kind === 'rejected') {
      this._reportRejected(outcome.response);
      return {
        code: 'failed',
        // _reportRejected has just said why, once, in words that name the fix.
        error: markReported(new Error(`${this._label} answered HTTP ${outcome.response.status}`)),
        retryable: false,
      };
    }
    const error = new Error(`${this._label} at ${this._settings.url.origin} unreachable: ${outcome.reason}`);
    if (this._spool !== undefined && (await this._spoolBody(body))) {
      diag.debug(`${error.message}; batch spooled in ${this._spool.dir} and re-sent later`);
      return { code: 'success' };
    }
    return { code: 'failed', error, retryable: true };
  }

  private async _spoolBody(body: BodyChunks): Promise<boolean> {
    try {
      const written = await this._spool!.write(body);
      if (!written)
        diag.warn(`spool folder ${this._spool!.dir} is full; a batch that could not be delivered is dropped`);
      return written;
    } catch (error) {
      reportInternalError('spool.write', error);
      return false;
    }
  }

  private async _deliver(body: BodyChunks, maxRetries: number): Promise<DeliveryOutcome> {
    const s = this._settings;
    let payload = body;
    const headers: Record<string, string> = { ...s.headers, 'Content-Type': 'application/json' };
    if (s.compressAboveBytes > 0 && bodyBytes(body) > s.compressAboveBytes) {
      payload = await gzipChunks(body);
      headers['Content-Encoding'] = 'gzip';
    }
    const send = (): Promise<HttpResponse> =>
      sendRequest({ url: s.url, headers, body: payload, timeoutMs: s.timeoutMs });
    return deliverWithRetry(send, { ...s.retry, maxRetries }, this._gate);
  }

  /** Re-sends spooled batches, one attempt each, stopping at the first failure. */
  private _drainSpool(): void {
    if (this._draining !== undefined || this._spool === undefined) return;
    const spool = this._spool;
    this._draining = spool
      .drain(async (body: BodyChunks) => {
        const outcome = await this._deliver(body, 0);
        if (outcome.kind === 'rejected') this._reportRejected(outcome.response);
        // A rejected batch will never be accepted: delete it rather than retry forever.
        return outcome.kind !== 'exhausted';
      })
      .then(
        (n) => {
          if (n > 0) diag.debug(`re-sent ${n} spooled batch(es) from ${spool.dir}`);
        },
        (error: unknown) => reportInternalError('spool.drain', error)
      )
      .finally(() => {
        this._draining = undefined;
      });
  }

  async forceFlush(): Promise<void> {
    await this._draining;
  }

  async shutdown(): Promise<void> {
    await this._draining;
    this._stopped = true;
    this._gate.stop();
  }
}
