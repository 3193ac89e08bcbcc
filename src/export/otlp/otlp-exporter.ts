import { optionsObject } from '../../internal/options-object.js';
import type { FinishedTrace, Resource } from '../../core/types.js';
import { diag, warnOnce } from '../../diag/diag.js';
import { SDK_NAME, SDK_VERSION } from '../../internal/version.js';
import type { BodyPiece } from '../chunk-writer.js';
import { HttpTraceExporter } from '../http/http-exporter.js';
import type { HttpResponse } from '../http/send-request.js';
import { isCredentialHeader, resolveHttpSettings, warnIfInsecure, type HttpExporterOptions } from '../http/settings.js';
import type { OtlpOptions } from '../types.js';
import { DEFAULT_OTLP_TRACES_URL, resolveOtlpHeaders, resolveOtlpTracesUrl } from './otlp-config.js';
import { otlpRequestHead, OTLP_REQUEST_TAIL, otlpSpanPieces } from './to-otlp-json.js';

/** Options of {@link OtlpExporter}. */
export interface OtlpExporterOptions extends OtlpOptions, HttpExporterOptions {
  /** `service.name` (the project), environment and versions. */
  readonly resource: Resource;
  /** Where `OTEL_EXPORTER_OTLP_*` variables are read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Sends traces as OTLP/HTTP JSON to any OpenTelemetry collector or backend.
 * Honours `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` and
 * `OTEL_EXPORTER_OTLP_HEADERS`; options win over the environment. LLM attributes
 * are also written under the GenAI semantic-convention names.
 *
 * @example
 * ```ts
 * init({ project: 'support-bot', exporter: new OtlpExporter({ endpoint: 'http://collector:4318', resource }) });
 * ```
 */
export class OtlpExporter extends HttpTraceExporter {
  protected readonly _label = 'OTLP endpoint';
  private readonly _resource: Resource;

  constructor(options: OtlpExporterOptions) {
    options = optionsObject(options) as OtlpExporterOptions;
    const env = options.env ?? process.env;
    const url = new URL(resolveOtlpTracesUrl(options, env) ?? DEFAULT_OTLP_TRACES_URL);
    const headers = resolveOtlpHeaders(options, env);
    const credential = Object.keys(headers).find(isCredentialHeader);
    if (credential !== undefined) warnIfInsecure(url, `OTLP header "${credential}"`);
    super(
      resolveHttpSettings(url, options, { ...headers, 'User-Agent': `${SDK_NAME}/${SDK_VERSION}` }),
      'resourceSpans'
    );
    this._resource = options.resource;
  }

  /** One `ExportTraceServiceRequest`, written a span at a time (see `ChunkWriter`). */
  protected *_bodyPieces(traces: readonly FinishedTrace[]): Generator<BodyPiece> {
    yield otlpRequestHead(this._resource);
    let first = true;
    for (const trace of traces) {
      for (const piece of otlpSpanPieces(trace)) {
        if (!first) yield ',';
        yield piece;
        first = false;
      }
    }
    yield OTLP_REQUEST_TAIL;
  }

  protected _reportRejected(response: HttpResponse): void {
    warnOnce(
      `otlp-${response.status}`,
      `OTLP endpoint ${this._settings.url.origin} answered HTTP ${response.status}; batches are dropped (not retried). ` +
        'Check the endpoint path and OTEL_EXPORTER_OTLP_HEADERS.'
    );
  }

  protected override _onAccepted(response: HttpResponse): void {
    if (!response.body.includes('partialSuccess')) return;
    diag.debug(`OTLP endpoint reported a partial success: ${response.body.slice(0, 500)}`);
  }
}
