import type { DeliveryMode, ExportResult, FinishedTrace, FinishSyncResult, TraceExporter } from '../../core/types.js';
import { diag, warnOnce } from '../../diag/diag.js';
import { incrementCounter, markReported, reportInternalError } from '../../diag/internal-errors.js';
import {
  bodyBytes,
  ChunkWriter,
  writePieces,
  writePiecesSync,
  type BodyChunks,
  type BodyPiece,
} from '../chunk-writer.js';
import { Spool, type ReplayVerdict, type SpooledBatch } from '../spool.js';
import { gzipChunks } from './gzip-chunks.js';
import { deliverWithRetry, isRetryableStatus, RetryGate, type DeliveryOutcome, type RetryPolicy } from './retry.js';
import { sendBodiesSync, type SyncSendOutcome } from './send-sync.js';
import { RequestCancel, requestTarget, sendRequest, type HttpResponse, type RequestTarget } from './send-request.js';

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

const GZIP_HEADERS: readonly string[] = ['Content-Encoding', 'gzip'];

const FAILED_STOPPED: ExportResult = { code: 'failed', error: new Error('exporter is shut down'), retryable: false };

/** A body being delivered; `finishSync` may take it over (spool it) and abort its request. */
interface InFlight {
  readonly body: BodyChunks;
  readonly spans: number;
  readonly cancel: RequestCancel;
  abandoned: boolean;
}

/**
 * Answers that condemn the batch itself: it will never be accepted, so a spooled one is
 * deleted and counted. Other refusals (401, 403, 404...) are about this process's key or
 * endpoint, not the batch: spooled batches are kept for a run that is configured right.
 */
const BATCH_REFUSED = new Set([400, 413, 422]);

function countSpans(traces: readonly FinishedTrace[]): number {
  let n = 0;
  for (const t of traces) n += t.spans.length;
  return n;
}

/**
 * The delivery half of the Noveum and OTLP exporters: compression, retries with
 * backoff, `Retry-After`, the spool. Subclasses only turn traces into a body.
 */
export abstract class HttpTraceExporter implements TraceExporter {
  protected readonly _gate = new RetryGate();
  private readonly _spool: Spool | undefined;
  private _draining: Promise<void> | undefined;
  private _stopping = false;
  private _stopped = false;
  private readonly _inFlight = new Set<InFlight>();
  /** Options and headers of every request, worked out once. */
  private readonly _target: RequestTarget;
  /** The retry policy of a spooled batch's replay: one attempt. */
  private readonly _oneAttempt: RetryPolicy;

  /** @param bodyKey the top-level key of the request body (`traces`, `resourceSpans`); spooled files must open with it. */
  constructor(
    protected readonly _settings: HttpExporterSettings,
    bodyKey: string
  ) {
    this._target = requestTarget(_settings.url, _settings.headers, { 'Content-Type': 'application/json' });
    this._oneAttempt = { ..._settings.retry, maxRetries: 0 };
    const dir = _settings.spoolDir;
    this._spool = dir === undefined ? undefined : new Spool(dir, _settings.maxSpoolBytes, bodyKey);
    // Batches spooled by an earlier run go out as soon as this one starts.
    if (this._spool !== undefined) this._drainSpool();
  }

  /**
   * The request body of a batch, as pieces of JSON text (a span each, say): the export step
   * yields between pieces, and `finishSync` writes the same text without yielding.
   */
  protected abstract _bodyPieces(traces: readonly FinishedTrace[]): Iterable<BodyPiece>;

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
    const spans = countSpans(traces);
    return this._encode(traces).then((body) => this._sendBody(body, spans));
  }

  private async _encode(traces: readonly FinishedTrace[]): Promise<BodyChunks> {
    const w = new ChunkWriter();
    await writePieces(w, this._bodyPieces(traces));
    return w.take();
  }

  private _encodeSync(traces: readonly FinishedTrace[]): BodyChunks {
    const w = new ChunkWriter();
    writePiecesSync(w, this._bodyPieces(traces));
    return w.take();
  }

  private async _sendBody(body: BodyChunks, spans: number): Promise<ExportResult> {
    const entry: InFlight = { body, spans, cancel: new RequestCancel(), abandoned: false };
    this._inFlight.add(entry);
    let outcome: DeliveryOutcome;
    try {
      outcome = await this._deliver(body, this._settings.retry, entry.cancel);
    } finally {
      this._inFlight.delete(entry);
    }
    // `finishSync` took this body over (spooled or counted it): nothing more to do here.
    if (entry.abandoned) return { code: 'failed', error: new Error('given up at exit'), retryable: false };
    return this._settle(outcome, body, spans);
  }

  private async _settle(outcome: DeliveryOutcome, body: BodyChunks, spans: number): Promise<ExportResult> {
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
    if (this._spool !== undefined && (await this._spoolBody(body, spans))) {
      diag.debug(`${error.message}; batch spooled in ${this._spool.dir} and re-sent later`);
      return { code: 'success', spooled: true };
    }
    return { code: 'failed', error, retryable: true };
  }

  private async _spoolBody(body: BodyChunks, spans: number): Promise<boolean> {
    try {
      const written = await this._spool!.write(body, spans);
      if (!written)
        diag.warn(`spool folder ${this._spool!.dir} is full; a batch that could not be delivered is dropped`);
      return written;
    } catch (error) {
      reportInternalError('spool.write', error);
      return false;
    }
  }

  private async _deliver(body: BodyChunks, policy: RetryPolicy, cancel?: RequestCancel): Promise<DeliveryOutcome> {
    const s = this._settings;
    let payload = body;
    let extraHeaders: readonly string[] | undefined;
    if (s.compressAboveBytes > 0 && bodyBytes(body) > s.compressAboveBytes) {
      payload = await gzipChunks(body);
      extraHeaders = GZIP_HEADERS;
    }
    const target = this._target;
    const send = (): Promise<HttpResponse> =>
      sendRequest({ target, body: payload, extraHeaders, timeoutMs: s.timeoutMs, cancel });
    return deliverWithRetry(send, policy, this._gate);
  }

  /**
   * Re-sends spooled batches, one attempt each, for as long as the backend takes them
   * (batches spooled meanwhile and claims of dead processes included).
   */
  private _drainSpool(): void {
    if (this._draining !== undefined || this._spool === undefined || this._stopping) return;
    const spool = this._spool;
    this._draining = spool
      .drain(
        (batch) => this._replay(batch),
        () => this._stopping
      )
      .then(
        ({ sent, dropped }) => {
          if (sent + dropped > 0)
            diag.debug(`spool ${spool.dir}: ${sent} batch(es) re-sent, ${dropped} refused and dropped`);
        },
        (error: unknown) => reportInternalError('spool.drain', error)
      )
      .finally(() => {
        this._draining = undefined;
      });
  }

  private async _replay(batch: SpooledBatch): Promise<ReplayVerdict> {
    const outcome = await this._deliver([batch.body], this._oneAttempt);
    if (outcome.kind === 'ok') {
      this._onAccepted(outcome.response);
      return 'sent';
    }
    if (outcome.kind === 'exhausted') return 'keep';
    const status = outcome.response.status;
    const dir = this._spool!.dir;
    if (!BATCH_REFUSED.has(status)) {
      warnOnce(
        `spool-kept:${dir}:${status}`,
        `${this._label} answered HTTP ${status} to a spooled batch; the spooled batches in ${dir} are kept and re-sent by a later run`
      );
      return 'keep';
    }
    // Refused for good: deleted, and counted so the loss is not silent.
    const lost = batch.spans === undefined ? 'its spans (count not recorded) are' : `${batch.spans} span(s)`;
    incrementCounter('droppedSpans', batch.spans ?? 0);
    warnOnce(
      `spool-refused:${dir}:${status}`,
      `${this._label} refused a spooled batch from ${dir} (HTTP ${status}); ${lost} dropped. ` +
        'Later refused batches are counted in getDiagnostics().droppedSpans'
    );
    diag.debug(`spooled batch refused with HTTP ${status}; ${lost} dropped`);
    return 'dropped';
  }

  /** True while spooled batches are being re-sent: the exit flush waits for them (bounded). */
  hasPendingWork(): boolean {
    return this._draining !== undefined;
  }

  async forceFlush(): Promise<void> {
    await this._draining;
  }

  setDeliveryMode(mode: DeliveryMode): void {
    this._gate.mode = mode;
  }

  async shutdown(): Promise<void> {
    // Stopped first: no retry may leave once shutdown has begun, whatever the drain is doing;
    // the drain ends after the batch in flight, and the rest stays spooled for the next run.
    this._stopping = true;
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
      entry.cancel.cancel();
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
    const spans = [...taken.map((e) => e.spans), ...batches.filter((_, i) => encoded[i]).map(countSpans)];
    const headers = { ...this._settings.headers, 'Content-Type': 'application/json' };
    const sent = sendMs > 0 && all.length > 0 ? sendBodiesSync(this._settings.url, headers, all, sendMs) : [];
    const results = all.map((body, i) => this._settleSync(body, spans[i]!, sent[i], i < taken.length));
    let next = taken.length;
    return {
      inFlight: taken.length === 0 ? undefined : worst(results.slice(0, taken.length)),
      batches: encoded.map((ok) => (ok ? results[next++]! : { code: 'failed', error: new Error('could not encode') })),
    };
  }

  /** `_settle` without waiting: a delivered body, a rejected one, or the spool (written synchronously). */
  private _settleSync(
    body: BodyChunks,
    spans: number,
    sent: SyncSendOutcome | undefined,
    wasInFlight: boolean
  ): ExportResult {
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
      if (this._spool?.writeSync(body, spans) === true) return { code: 'success', spooled: true };
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
