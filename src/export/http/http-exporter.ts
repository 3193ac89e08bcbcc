import type { DeliveryMode, ExportResult, FinishedTrace, FinishSyncResult, TraceExporter } from '../../core/types.js';
import { diag } from '../../diag/diag.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { bodyBytes, ChunkWriter, type BodyChunks } from '../chunk-writer.js';
import { Spool } from '../spool.js';
import { gzipChunks } from './gzip-chunks.js';
import { deliverWithRetry, isRetryableStatus, RetryGate, type DeliveryOutcome, type RetryPolicy } from './retry.js';
import { sendBodiesSync, type SyncSendOutcome } from './send-sync.js';
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

/** A body being delivered; `finishSync` may take it over (spool it) and abort its request. */
interface InFlight {
  readonly body: BodyChunks;
  readonly abort: AbortController;
  abandoned: boolean;
}

/**
 * The delivery half of the Noveum and OTLP exporters: compression, retries with
 * backoff, `Retry-After`, the spool. Subclasses only turn traces into a body.
 */
export abstract class HttpTraceExporter implements TraceExporter {
  protected readonly _gate = new RetryGate();
  private readonly _spool: Spool | undefined;
  private _draining: Promise<void> | undefined;
  private _stopped = false;
  private readonly _inFlight = new Set<InFlight>();

  constructor(protected readonly _settings: HttpExporterSettings) {
    this._spool = _settings.spoolDir === undefined ? undefined : new Spool(_settings.spoolDir, _settings.maxSpoolBytes);
    // Batches spooled by an earlier run go out as soon as this one starts.
    if (this._spool !== undefined) this._drainSpool();
  }

  /**
   * The request body of a batch, as pieces of JSON text (a span each, say): the export step
   * yields between pieces, and `finishSync` writes the same text without yielding.
   */
  protected abstract _bodyPieces(traces: readonly FinishedTrace[]): Iterable<string>;

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

  private async _encode(traces: readonly FinishedTrace[]): Promise<BodyChunks> {
    const w = new ChunkWriter();
    for (const piece of this._bodyPieces(traces)) {
      w.write(piece);
      await w.pause();
    }
    return w.take();
  }

  private _encodeSync(traces: readonly FinishedTrace[]): BodyChunks {
    const w = new ChunkWriter();
    for (const piece of this._bodyPieces(traces)) w.write(piece);
    return w.take();
  }

  private async _sendBody(body: BodyChunks): Promise<ExportResult> {
    const entry: InFlight = { body, abort: new AbortController(), abandoned: false };
    this._inFlight.add(entry);
    let outcome: DeliveryOutcome;
    try {
      outcome = await this._deliver(body, this._settings.retry.maxRetries, entry.abort.signal);
    } finally {
      this._inFlight.delete(entry);
    }
    // `finishSync` took this body over (spooled or counted it): nothing more to do here.
    if (entry.abandoned) return { code: 'failed', error: new Error('given up at exit'), retryable: false };
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
        error: new Error(`${this._label} answered HTTP ${outcome.response.status}`),
        retryable: false,
      };
    }
    const error = new Error(`${this._label} at ${this._settings.url.origin} unreachable: ${outcome.reason}`);
    if (this._spool !== undefined && (await this._spoolBody(body))) {
      diag.debug(`${error.message}; batch spooled in ${this._spool.dir} and re-sent later`);
      return { code: 'success', spooled: true };
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

  private async _deliver(body: BodyChunks, maxRetries: number, signal?: AbortSignal): Promise<DeliveryOutcome> {
    const s = this._settings;
    let payload = body;
    const headers: Record<string, string> = { ...s.headers, 'Content-Type': 'application/json' };
    if (s.compressAboveBytes > 0 && bodyBytes(body) > s.compressAboveBytes) {
      payload = await gzipChunks(body);
      headers['Content-Encoding'] = 'gzip';
    }
    const send = (): Promise<HttpResponse> =>
      sendRequest({ url: s.url, headers, body: payload, timeoutMs: s.timeoutMs, signal });
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

  setDeliveryMode(mode: DeliveryMode): void {
    this._gate.mode = mode;
  }

  async shutdown(): Promise<void> {
    // Stopped first: no retry may leave once shutdown has begun, whatever the drain is doing.
    this._stopped = true;
    this._gate.stop();
    await this._draining;
  }

  finishSync(batches: readonly (readonly FinishedTrace[])[], sendMs: number): FinishSyncResult {
    this._gate.mode = 'exit';
    const taken = [...this._inFlight];
    this._inFlight.clear();
    for (const entry of taken) {
      entry.abandoned = true;
      entry.abort.abort();
    }
    const bodies: BodyChunks[] = [];
    const encoded = batches.map((traces) => {
      try {
        bodies.push(this._encodeSync(traces));
        return true;
      } catch (error) {
        reportInternalError('finishSync encode', error);
        return false;
      }
    });
    const all = [...taken.map((e) => e.body), ...bodies];
    const headers = { ...this._settings.headers, 'Content-Type': 'application/json' };
    const sent = sendMs > 0 && all.length > 0 ? sendBodiesSync(this._settings.url, headers, all, sendMs) : [];
    const results = all.map((body, i) => this._settleSync(body, sent[i], i < taken.length));
    let next = taken.length;
    return {
      inFlight: taken.length === 0 ? undefined : worst(results.slice(0, taken.length)),
      batches: encoded.map((ok) => (ok ? results[next++]! : { code: 'failed', error: new Error('could not encode') })),
    };
  }

  /** `_settle` without waiting: a delivered body, a rejected one, or the spool (written synchronously). */
  private _settleSync(body: BodyChunks, sent: SyncSendOutcome | undefined, wasInFlight: boolean): ExportResult {
    const status = sent?.status;
    if (status !== undefined && status >= 200 && status < 300) return { code: 'success' };
    if (status !== undefined && !isRetryableStatus(status)) {
      this._reportRejected({ status, headers: {}, body: '' });
      return { code: 'failed', error: new Error(`${this._label} answered HTTP ${status}`), retryable: false };
    }
    const unsent = wasInFlight ? 'no answer when export stopped' : 'not sent before export stopped';
    const why = sent === undefined ? unsent : 'reason' in sent ? sent.reason : `HTTP ${status}`;
    const error = new Error(`${this._label} at ${this._settings.url.origin}: ${why}`);
    try {
      if (this._spool?.writeSync(body) === true) return { code: 'success', spooled: true };
      if (this._spool !== undefined) return { code: 'failed', error: new Error(`spool ${this._spool.dir} is full`) };
    } catch (e) {
      reportInternalError('spool.writeSync', e);
    }
    return { code: 'failed', error, retryable: true };
  }
}

/** One result for several bodies: a failure if any failed, else spooled if any was. */
function worst(results: readonly ExportResult[]): ExportResult {
  return (
    results.find((r) => r.code === 'failed') ??
    results.find((r) => r.code === 'success' && r.spooled === true) ??
    results[0]!
  );
}
