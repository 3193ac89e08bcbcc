// noveum-trace, used through the BUILT package (dist/), exactly as a consumer would.
import { createRequire } from 'node:module';
import { SPAN_ATTRIBUTES } from '../lib/fixtures.mjs';

const require = createRequire(import.meta.url);
export const label = 'noveum-trace';
const DIST = new URL('../../dist/cjs/index.js', import.meta.url).pathname;

/** A no-op exporter (the same role as OTel's no-op exporter in the micro workloads). */
const NOOP_EXPORTER = {
  export: async () => ({ code: 'success' }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

/**
 * Picks how our SDK is pointed at the sink: the Noveum exporter when the built package has
 * it, otherwise the no-op exporter (recorded in the version column).
 */
function exportOptions(sdk, sinkUrl, mode) {
  if (mode === 'noop' || sinkUrl === undefined) return { exporter: NOOP_EXPORTER, note: 'no-op exporter' };
  if (mode === 'otlp') return { exporter: 'otlp', otlp: { endpoint: sinkUrl }, note: 'OTLP exporter → local sink' };
  return { exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sinkUrl}/api`, note: 'Noveum exporter → local sink' };
}

export async function create({
  sampling = 1,
  client = false,
  sinkUrl,
  exportMode = 'noop',
  dist,
  llm = 'openai',
} = {}) {
  const sdk = require(dist === undefined ? DIST : `${dist}/cjs/index.js`);
  const { note, ...exportOpts } = exportOptions(sdk, sinkUrl, client ? exportMode : 'noop');
  // The HTTP workload's unpropagated path (macro/paired-http.bench.mjs): left out of propagation.
  const propagation = llm === 'http' ? { propagation: { outgoing: { exclude: [/\/__bare$/] } } } : {};
  // NOVEUM_BENCH_MAX_QUEUE=<traces>: a smaller export queue in the micro workloads (not the client
  // ones), to check that the bench catches drops (bench/README.md).
  const maxQueue = client ? undefined : Number(process.env.NOVEUM_BENCH_MAX_QUEUE) || undefined;
  const queue = maxQueue ? { maxQueueSize: maxQueue, batchSize: Math.min(512, maxQueue) } : {};
  sdk.init({
    project: 'bench',
    samplingRate: sampling,
    debug: 'error',
    export: { flushOnExit: false, ...queue },
    ...propagation,
    ...exportOpts,
  });
  let instrumentNote = '';
  let wrapClient = (c) => c;
  let aiTelemetry;
  const distDir = dist === undefined ? DIST.replace(/\/cjs\/index\.js$/, '') : dist;
  if (client && llm === 'langchain') {
    // The LangChain workload: every run traced through the hooks, the model call one LLM span.
    sdk.autoInstrument('langchain');
    sdk.autoInstrument('openai');
    instrumentNote = "autoInstrument('langchain'), autoInstrument('openai')";
  } else if (client && llm === 'ai') {
    // The Vercel AI SDK workload: the README's route, the tracer passed in `experimental_telemetry`
    // (`@ai-sdk/openai` makes no `openai` call, so nothing else traces).
    if (typeof sdk.noveumAITracer !== 'function') throw new Error('the built package has no noveumAITracer');
    aiTelemetry = { isEnabled: true, tracer: sdk.noveumAITracer() };
    instrumentNote = 'experimental_telemetry: { isEnabled: true, tracer: noveumAITracer() }';
  } else if (client && llm === 'http') {
    instrumentNote = 'noveum-trace/express traceRequests(), outgoing propagation on (default)';
  } else if (client && llm === 'anthropic') {
    // The Anthropic paired workload: the copy of `@anthropic-ai/sdk` the worker then uses, patched.
    const patched = sdk.instrument({ anthropic: require('@anthropic-ai/sdk') });
    if (!(patched > 0)) throw new Error(`instrument({ anthropic }) patched ${patched} methods`);
    instrumentNote = 'instrument({ anthropic })';
  } else if (client) {
    if (typeof sdk.instrument === 'function') {
      const patched = sdk.instrument({ openai: require('openai') });
      if (!(patched > 0)) throw new Error(`instrument({ openai }) patched ${patched} methods`);
      instrumentNote = 'instrument({ openai })';
    } else if (typeof sdk.autoInstrument === 'function') {
      sdk.autoInstrument('openai');
      instrumentNote = "autoInstrument('openai')";
    } else if (typeof sdk.TracedOpenAIClient === 'function') {
      wrapClient = (c) => new sdk.TracedOpenAIClient(c);
      instrumentNote = 'TracedOpenAIClient';
    } else {
      throw new Error(
        'the built package has no OpenAI instrumentation yet (instrument/autoInstrument/TracedOpenAIClient)'
      );
    }
  }
  const { startSpan, traceOperation, flush, shutdown, getDiagnostics } = sdk;
  const version = `noveum-trace ${require('../../package.json').version} (dist, ${note}${instrumentNote ? `, ${instrumentNote}` : ''})`;
  return {
    version,
    flat() {
      const s = startSpan('op');
      for (let a = 0; a < SPAN_ATTRIBUTES.length; a++) s.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
      s.end();
    },
    nested() {
      return traceOperation('parent', async (parent) => {
        for (let a = 0; a < SPAN_ATTRIBUTES.length; a++)
          parent.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
        for (let c = 0; c < 3; c++) {
          await traceOperation('child', async (child) => {
            for (let a = 0; a < SPAN_ATTRIBUTES.length; a++)
              child.setAttribute(SPAN_ATTRIBUTES[a][0], SPAN_ATTRIBUTES[a][1]);
            await null;
          });
        }
      });
    },
    wrap: wrapClient,
    aiTelemetry,
    inSpan: (name, fn) => traceOperation(name, fn),
    serverMiddleware: () => require(`${distDir}/cjs/express.js`).traceRequests(),
    traced: true,
    exportsToSink: exportOpts.exporter !== NOOP_EXPORTER,
    // Traces exported and spans dropped, as the SDK counts them (read around each round).
    counters: () => {
      const d = getDiagnostics();
      return { exported: d.exportedTraces, dropped: d.droppedSpans };
    },
    counterUnit: 'traces',
    flush: () => flush(10_000),
    shutdown: () => shutdown(10_000),
  };
}
