// Langfuse (v4+ SDK, built on OpenTelemetry): `startObservation`/`startActiveObservation`
// for spans and `observeOpenAI` for the client, LangfuseSpanProcessor → the local sink.
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';
import { SPAN_ATTRIBUTES_OBJECT } from '../lib/fixtures.mjs';
import { countingExporter } from './counting-exporter.mjs';

const require = createRequire(import.meta.url);
export const label = 'Langfuse';

export async function create({ sampling = 1, sinkUrl, llm = 'openai' } = {}) {
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
  const { TraceIdRatioBasedSampler, AlwaysOnSampler } = require('@opentelemetry/sdk-trace-base');
  const { LangfuseSpanProcessor } = require('@langfuse/otel');
  const tracing = require('@langfuse/tracing');
  const { observeOpenAI } = require('@langfuse/openai');
  const processor = new LangfuseSpanProcessor({ publicKey: 'pk-bench', secretKey: 'sk-bench', baseUrl: sinkUrl });
  const provider = new NodeTracerProvider({
    sampler: sampling === 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(sampling),
    spanProcessors: [processor],
  });
  // Count what Langfuse's own exporter reports exported: its BatchSpanProcessor drops silently.
  const inner = processor.processor;
  let counts;
  let settled;
  if (inner?._exporter) {
    const wrapped = countingExporter(inner._exporter);
    inner._exporter = wrapped.exporter;
    counts = wrapped.counts;
    settled = wrapped.settled;
  }
  provider.register();
  tracing.setLangfuseTracerProvider(provider);
  const { startObservation, startActiveObservation } = tracing;
  const update = { metadata: SPAN_ATTRIBUTES_OBJECT };
  // The LangChain workload: Langfuse's LangChain callback handler, passed with each call.
  const langchain = llm === 'langchain' ? langchainHandler() : undefined;
  // The Vercel AI SDK workload, as Langfuse documents it: the SDK's own telemetry on, its spans
  // going to the registered provider, whose LangfuseSpanProcessor exports them.
  const ai = llm === 'ai' ? 'ai experimental_telemetry: { isEnabled: true }' : undefined;
  return {
    version: `@langfuse/tracing ${pkgVersion('@langfuse/tracing')}, @langfuse/otel ${pkgVersion('@langfuse/otel')}, ${langchain?.version ?? ai ?? `@langfuse/openai ${pkgVersion('@langfuse/openai')}`}`,
    langchainConfig: langchain?.config,
    aiTelemetry: ai && { isEnabled: true },
    flat() {
      const o = startObservation('op');
      o.update(update);
      o.end();
    },
    nested() {
      return startActiveObservation('parent', async (p) => {
        p.update(update);
        for (let c = 0; c < 3; c++) {
          await startActiveObservation('child', async (child) => {
            child.update(update);
            await null;
          });
        }
      });
    },
    wrap: (c) => observeOpenAI(c),
    traced: true,
    exportsToSink: true,
    counters: counts && (() => ({ exported: counts.exported, dropped: counts.failed })),
    counterUnit: 'spans',
    // The micro rounds read the counters once the exports in flight have reported too.
    settled,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** `@langfuse/langchain`'s CallbackHandler, loaded with the traced copy of `@langchain/core`. */
function langchainHandler() {
  const { CallbackHandler } = require('@langfuse/langchain');
  return {
    config: { callbacks: [new CallbackHandler()] },
    version: `@langfuse/langchain ${pkgVersion('@langfuse/langchain')} (CallbackHandler)`,
  };
}
