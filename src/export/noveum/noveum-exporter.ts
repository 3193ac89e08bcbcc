import { optionsObject } from '../../internal/options-object.js';
import type { FinishedTrace, Resource } from '../../core/types.js';
import { diag, warnOnce } from '../../diag/diag.js';
import { SDK_NAME, SDK_VERSION } from '../../internal/version.js';
import type { BodyPiece } from '../chunk-writer.js';
import { HttpTraceExporter } from '../http/http-exporter.js';
import type { HttpResponse } from '../http/send-request.js';
import { resolveHttpSettings, warnIfInsecure, type HttpExporterOptions } from '../http/settings.js';
import { noveumTracePieces } from './to-noveum-trace.js';

/** Options of {@link NoveumExporter}. */
export interface NoveumExporterOptions extends HttpExporterOptions {
  /** Noveum API key, sent as `Authorization: Bearer <key>` and nowhere else. */
  readonly apiKey: string;
  /** API base URL; `/v1/traces` is appended (default https://api.noveum.ai/api). */
  readonly endpoint?: string;
  /** Project, environment and versions sent with every trace. */
  readonly resource: Resource;
}

const DEFAULT_ENDPOINT = 'https://api.noveum.ai/api';

const REJECTIONS: Readonly<Record<number, string>> = {
  400: 'rejected a batch as malformed (400 Bad Request); the batch is dropped',
  401: 'rejected the API key (401 Unauthorized); traces are NOT delivered. Check NOVEUM_API_KEY / apiKey',
  403: 'refused the project (403 Forbidden); traces are NOT delivered. Check that the key may write to this project',
};

/**
 * Sends complete traces to the Noveum API in the Python SDK's wire format.
 * Retries 429/5xx/timeouts with backoff (honouring `Retry-After`), gzips large
 * bodies, and spools batches that still fail when `spoolDir` is set.
 *
 * @example
 * ```ts
 * const exporter = new NoveumExporter({ apiKey: process.env.NOVEUM_API_KEY!, resource });
 * init({ exporter });
 * ```
 */
export class NoveumExporter extends HttpTraceExporter {
  protected readonly _label = 'Noveum API';
  private readonly _resource: Resource;

  constructor(options: NoveumExporterOptions) {
    options = optionsObject(options) as NoveumExporterOptions;
    const base = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    const url = new URL(`${base}/v1/traces`);
    warnIfInsecure(url, 'apiKey');
    super(
      resolveHttpSettings(url, options, {
        Authorization: `Bearer ${options.apiKey}`,
        'User-Agent': `${SDK_NAME}/${SDK_VERSION}`,
      }),
      'traces'
    );
    this._resource = options.resource;
  }

  protected *_bodyPieces(traces: readonly FinishedTrace[]): Generator<BodyPiece> {
    yield '{"traces":[';
    for (let i = 0; i < traces.length; i++) yield* noveumTracePieces(traces[i]!, this._resource, i === 0 ? '' : ',');
    yield `],"timestamp":${Date.now() / 1000}}`;
  }

  protected _reportRejected(response: HttpResponse): void {
    const what = REJECTIONS[response.status] ?? `answered HTTP ${response.status}; the batch is dropped`;
    warnOnce(`noveum-${response.status}`, `Noveum API ${what}`);
  }

  protected override _onAccepted(response: HttpResponse): void {
    if (response.body === '' || !/warnings|errors/.test(response.body)) return;
    try {
      const parsed = JSON.parse(response.body) as { warnings?: unknown; errors?: unknown };
      if (Array.isArray(parsed.warnings) && parsed.warnings.length > 0)
        diag.debug('Noveum API warnings:', parsed.warnings);
      if (Array.isArray(parsed.errors) && parsed.errors.length > 0) diag.debug('Noveum API errors:', parsed.errors);
    } catch {
      // Not JSON: nothing to report.
    }
  }
}
