// The raw OpenTelemetry SDK: BatchSpanProcessor (no-op exporter for spans, OTLP/HTTP JSON to the
// sink for client workloads), AsyncLocalStorage context, and (for client workloads) the contrib
// @opentelemetry/instrumentation-openai or OpenInference's instrumentation.
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';
import { SPAN_ATTRIBUTES } from '../lib/fixtures.mjs';
import { countingExporter, otlpToSink } from './counting-exporter.mjs';
import { enableHttpInstrumentations } from './otel-http.mjs';

const require = createRequire(import.meta.url);
export const label = 'OpenTelemetry SDK';

export async function create({ sampling = 1, client = false, flavour = 'contrib', sinkUrl, llm = 'openai' } = {}) {
  const api = require('@opentelemetry/api');
  const {
    BasicTracerProvider,
    BatchSpanProcessor,
    TraceIdRatioBasedSampler,
    AlwaysOnSampler,
  } = require('@opentelemetry/sdk-trace-base');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  // Micro workloads: a no-op exporter (the caller's path). Client workloads: OTLP/HTTP JSON to
  // the sink, like for like with our exporter.
  const toSink = client && sinkUrl !== undefined;
  const noop = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
  const { exporter, counts, settled } = countingExporter(toSink ? otlpToSink(sinkUrl) : noop);
  const provider = new BasicTracerProvider({
    sampler: sampling === 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(sampling),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('bench');
  let instrumentation;
  let aiTelemetry;
  let versions = `@opentelemetry/sdk-trace-base ${pkgVersion('@opentelemetry/sdk-trace-base')}`;
  if (client && llm === 'http') {
    versions += `, ${enableHttpInstrumentations(api, provider)}`;
  } else if (client && llm === 'ai') {
    // The Vercel AI SDK's built-in telemetry on the global tracer provider set above (content
    // recorded: `recordInputs` / `recordOutputs` default to true).
    aiTelemetry = { isEnabled: true };
    versions += ', ai experimental_telemetry: { isEnabled: true }';
  } else if (client && llm === 'anthropic') {
    if (flavour !== 'openinference') throw new Error('no Anthropic instrumentation in the contrib flavour');
    const { AnthropicInstrumentation } = require('@arizeai/openinference-instrumentation-anthropic');
    instrumentation = new AnthropicInstrumentation({ tracerProvider: provider });
    instrumentation.manuallyInstrument(require('@anthropic-ai/sdk'));
    versions += `, @arizeai/openinference-instrumentation-anthropic ${pkgVersion('@arizeai/openinference-instrumentation-anthropic')}`;
  } else if (client) {
    if (flavour === 'openinference') {
      const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
      instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
      instrumentation.manuallyInstrument(require('openai'));
      versions += `, @arizeai/openinference-instrumentation-openai ${pkgVersion('@arizeai/openinference-instrumentation-openai')}`;
    } else {
      const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
      // Message content capture on, as the LLM SDKs record it by default.
      process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
      instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
      instrumentation.setTracerProvider(provider);
      // Works around a peer bug: its metric instruments are reset by class-field
      // initialisers after the base constructor created them, so streaming throws
      // "Cannot read properties of undefined (reading 'record')" until they are re-created.
      instrumentation.setMeterProvider(api.metrics.getMeterProvider());
      instrumentation.enable();
      versions += `, @opentelemetry/instrumentation-openai ${pkgVersion('@opentelemetry/instrumentation-openai')}`;
    }
  }
  function span(name) {
    const s = tracer.startSpan(name);
    for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) s.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
    return s;
  }
  if (toSink) versions += ', OTLP/HTTP JSON → local sink';
  return {
    version: versions,
    flat() {
      span('op').end();
    },
    nested() {
      return tracer.startActiveSpan('parent', async (parent) => {
        for (let a = 0; a < SPAN_ATTRIBUTES.length; a++)
          parent.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
        for (let c = 0; c < 3; c++) {
          await tracer.startActiveSpan('child', async (child) => {
            for (let a = 0; a < SPAN_ATTRIBUTES.length; a++)
              child.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
            await null;
            child.end();
          });
        }
        parent.end();
      });
    },
    wrap: (c) => c,
    aiTelemetry,
    inSpan: (name, fn) =>
      tracer.startActiveSpan(name, async (s) => {
        try {
          return await fn();
        } finally {
          s.end();
        }
      }),
    traced: true,
    exportsToSink: toSink,
    counters: () => ({ exported: counts.exported, dropped: counts.failed }),
    counterUnit: 'spans',
    // The micro rounds read the counters once the exports in flight have reported too.
    settled,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
