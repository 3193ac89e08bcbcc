/**
 * Peer pitfall 11 ("the host's global OpenTelemetry provider"): a peer registered into the global
 * OpenTelemetry provider, and users who also ran Sentry lost most traces. We keep our own
 * pipeline: `init()` with any exporter, OTLP included, must leave the OpenTelemetry API's
 * globals (tracer provider, context manager, propagator) exactly as the host set them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  INVALID_SPAN_CONTEXT,
  context,
  propagation,
  trace,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { getClient } from '../../../src/api/client.js';
import { init, shutdown } from '../../../src/api/init.js';
import type { InitOptions } from '../../../src/api/options.js';
import { getCurrentSpan } from '../../../src/api/manual.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { ConsoleExporter } from '../../../src/export/console/console-exporter.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import { SimpleProcessor } from '../../../src/export/simple-processor.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { otlpSpans, startOtlpReceiver } from '../../fixtures/servers/otlp-receiver.js';

/** The OpenTelemetry API's global registry (every API copy of this major shares it), as entries. */
function otelGlobals(): [string, unknown][] {
  const g = globalThis as unknown as Record<symbol, Record<string, unknown> | undefined>;
  const key = Object.getOwnPropertySymbols(g).find((s) => s.description?.startsWith('opentelemetry.js.api.'));
  return key === undefined ? [] : Object.entries(g[key] ?? {});
}

/** What the host app could see of OpenTelemetry, to compare before and after our init(). */
function hostView(): unknown[] {
  const provider = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  return [provider, provider.getDelegate?.(), context.active(), propagation.fields().join(), ...otelGlobals().flat()];
}

/** Fails unless the host sees the very same objects as in `before` (identity, not look-alikes). */
function assertSameHostView(before: unknown[], message?: string): void {
  const now = hostView();
  assert.equal(now.length, before.length, message);
  now.forEach((value, i) => assert.equal(value, before[i], message));
}

describe('init() and the global OpenTelemetry API', () => {
  let noveum: Receiver;
  let otlp: Receiver;
  let dir: string;
  let restoreSink: () => void;
  before(async () => {
    [noveum, otlp] = await Promise.all([startNoveumReceiver(), startOtlpReceiver()]);
    dir = await mkdtemp(join(tmpdir(), 'noveum-no-global-otel-'));
    restoreSink = setDiagSink(() => undefined);
  });
  afterEach(async () => {
    await shutdown();
    trace.disable();
  });
  after(async () => {
    restoreSink();
    await Promise.all([noveum.close(), otlp.close(), rm(dir, { recursive: true, force: true })]);
  });

  const exporters: [string, () => InitOptions][] = [
    ['noveum', () => ({ exporter: 'noveum', apiKey: 'k-otel', endpoint: `${noveum.url}/api` })],
    ['otlp', () => ({ exporter: 'otlp', otlp: { endpoint: otlp.url } })],
    ['file', () => ({ exporter: 'file', file: { dir } })],
    ['console', () => ({ exporter: new ConsoleExporter({ write: () => undefined }) })],
    ['none', () => ({ exporter: 'none' })],
    [
      'otlp + noveum + file',
      () => ({
        exporter: ['otlp', 'noveum', 'file'],
        apiKey: 'k-otel',
        endpoint: `${noveum.url}/api`,
        otlp: { endpoint: otlp.url },
        file: { dir },
      }),
    ],
  ];

  for (const [label, options] of exporters) {
    it(`with the ${label} exporter registers no global provider, context manager or propagator`, async () => {
      const before = hostView();
      const memory = new InMemoryExporter();
      init({ ...options(), processors: [new SimpleProcessor(memory)] });
      traceOperation('ours', () => {
        assert.equal(trace.getActiveSpan(), undefined, 'our active span is invisible to the OpenTelemetry API');
        const foreign = trace.getTracer('host').startSpan('started-through-otel-api');
        assert.equal(foreign.isRecording(), false, 'the OpenTelemetry API still hands out no-op spans');
        assert.notEqual(foreign, getCurrentSpan());
        foreign.end();
      });
      assertSameHostView(before);
      await getClient().forceFlush();
      assert.deepEqual(
        memory.getFinishedSpans().map((s) => s.name),
        ['ours'],
        'a span started through the OpenTelemetry API is not ours'
      );
      await shutdown();
      assertSameHostView(before, 'nothing registered at shutdown either');
    });
  }

  it("leaves a host's own provider in place, sends it none of our spans, and still delivers ours over OTLP", async () => {
    const hostSpans: string[] = [];
    const hostTracer = {
      startSpan: (name: string) => (hostSpans.push(name), trace.wrapSpanContext(INVALID_SPAN_CONTEXT)),
    };
    const hostProvider: TracerProvider = { getTracer: () => hostTracer as unknown as Tracer };
    assert.equal(trace.setGlobalTracerProvider(hostProvider), true);
    const before = hostView();
    init({ exporter: 'otlp', otlp: { endpoint: otlp.url } });
    const from = otlp.accepted.length;
    traceOperation('ours-beside-host', () => traceOperation('child', () => undefined));
    trace.getTracer('host').startSpan('host-span').end();
    await getClient().forceFlush();
    assertSameHostView(before);
    assert.deepEqual(hostSpans, ['host-span'], "the host's provider saw only its own span");
    const delivered = otlpSpans({ ...otlp, accepted: otlp.accepted.slice(from) }).map((s) => s.name);
    assert.deepEqual(delivered.sort(), ['child', 'ours-beside-host']);
    assert.ok(noveumSpans(noveum).every((s) => s.name !== 'host-span'));
  });
});
