/**
 * One hostile case per runtime export and per span method: each puts the hostile value `v` in
 * every argument position a user could get wrong. User callbacks stay well-behaved functions:
 * a callback the user passes may throw on its own, and that error must pass through.
 */
import * as api from '../../../src/index.js';
import type { Span } from '../../../src/index.js';

export type HostileCall = (v: unknown) => unknown;

type Api = typeof api;

/** Exports that replace or stop the client: exercised on their own, after the delivery checks. */
export const LIFECYCLE = ['init', 'shutdown'] as const;

const ok = (): number => 1;
/** `v` where a callback goes, unless it is callable (then it would be user code that may throw). */
const asCallback = (v: unknown): (() => unknown) => (typeof v === 'function' ? ok : (v as () => unknown));
const any = (v: unknown): never => v as never;

/** Calls each of the typed scopes' three forms: inline, decorator factory, options with hostile fields. */
function scope(fn: (...args: never[]) => unknown, v: unknown): void {
  const f = fn as (...args: unknown[]) => unknown;
  f(v, ok);
  f(v);
  f(v, asCallback(v));
  f({ name: v, model: v, provider: v, operation: v, agentType: v, query: v, topK: v, input: v, attributes: v }, ok);
  const decorator = f({ attributes: v });
  if (typeof decorator === 'function') (decorator as (...a: unknown[]) => unknown)(function m() {}, v);
}

/**
 * Exporters and processors: hostile constructor options, used as init() uses them, and the
 * calls a user makes (flush, shutdown). `export(traces)`, `onTraceEnd(trace)` and the
 * processors' timeouts are the pipeline's side of the contract: the client calls them with
 * traces it built from the span API and timeouts it checked (both covered here through
 * `flush`, `getClient` and the span cases); a hand-made trace object is not user input.
 */
async function plugIn(part: { forceFlush?(): Promise<void>; shutdown(): Promise<void> }): Promise<void> {
  await part.forceFlush?.();
  await part.shutdown();
}

async function exporter(make: () => api.TraceExporter): Promise<void> {
  const e = make();
  await e.export([]);
  await plugIn(e);
}

export const EXPORT_CASES: Readonly<Record<Exclude<keyof Api, (typeof LIFECYCLE)[number]>, HostileCall>> = {
  flush: (v) => api.flush(any(v)),
  getClient: (v) => {
    const c = api.getClient();
    c.startSpan(any(v), any(v)).end(any(v));
    c.finishSpan(any(v), any(v));
    c.getCurrentSpan();
    c.getCurrentTrace();
    return c.forceFlush(any(v));
  },
  traceOperation: (v) => {
    api.traceOperation(any(v), ok);
    // A function in the options position is the callback (the two-argument form): user code.
    api.traceOperation('op', any(typeof v === 'function' ? {} : v), ok);
    api.traceOperation('op', asCallback(v) as never);
    api.traceOperation('op', (span) => span.setAttributes(any(v)).setAttribute('v', v));
  },
  startScopedSpan: (v) => {
    const span = api.startScopedSpan(any(v), any(v));
    span.setAttribute('v', v);
    span[Symbol.dispose]();
  },
  traceLLM: (v) => scope(api.traceLLM, v),
  traceAgent: (v) => scope(api.traceAgent, v),
  traceTool: (v) => scope(api.traceTool, v),
  traceRetrieval: (v) => scope(api.traceRetrieval, v),
  trace: (v) => {
    const t = api.trace as (...a: unknown[]) => unknown;
    for (const args of [[v], [v, v], [v, v, v], [{ name: v, attributes: v, kind: v }]]) {
      const d = t(...args);
      if (typeof d === 'function') (d as (...a: unknown[]) => unknown)(function m() {}, { kind: 'method', name: v });
    }
  },
  traceExistingFunction: (v) => {
    api.traceExistingFunction(any(v), any(v), any(v));
    api.traceExistingFunction((..._args: unknown[]) => v, any(v), any(v))(v, v);
  },
  traceLLMCall: (v) => {
    api.traceLLMCall(any(v), any(v));
    api.traceLLMCall(() => ({ usage: v }), any(v))();
    // The user's own promise rejects when it resolves to a hostile thenable: that is theirs to see.
    api
      .traceLLMCall(() => Promise.resolve({ usage: v }), any(v))()
      .catch(() => undefined);
  },
  extractTokenUsage: (v) => {
    api.extractTokenUsage(v);
    api.extractTokenUsage({ usage: v });
    api.extractTokenUsage({ usage: { prompt_tokens: v, completion_tokens: v, total_tokens: v } });
  },
  startSpan: (v) => {
    api.startSpan(any(v), any(v)).end();
    const options = { parent: v, parentSpanId: v, startTime: v, attributes: v, kind: v, root: v };
    api.startSpan('s', any(options)).end(any(v));
    for (const key of Object.keys(options)) api.startSpan(`s-${key}`, any({ [key]: v })).end();
  },
  finishSpan: (v) => {
    api.finishSpan(any(v), any(v));
    api.finishSpan(api.startSpan('f'), any(v));
  },
  withSpan: (v) =>
    api.withSpan(any(v), () => {
      api.getCurrentSpan()?.setAttribute('in', 1);
      api.getCurrentTrace();
      api.traceOperation('inside-withSpan', ok);
      api.withSpan(api.startSpan('w'), asCallback(v));
    }),
  continueTrace: (v) => {
    api.continueTrace(any(v), asCallback(v));
    api.continueTrace({ traceparent: v, tracestate: v, baggage: v }, () => api.traceOperation('remote', ok));
    api.continueTrace(any([v]), () => api.injectTraceContext({}));
  },
  extractTraceContext: (v) => {
    api.extractTraceContext(any(v));
    api.extractTraceContext({ traceparent: v, TraceParent: [v, v], baggage: v });
  },
  injectTraceContext: (v) => {
    api.injectTraceContext(any(v));
    // Inside a span it writes: onto an object inheriting from `v`, so the shared hostile value stays as it was.
    const carrier: unknown = (typeof v === 'object' && v !== null) || typeof v === 'function' ? Object.create(v) : v;
    api.traceOperation('inject', () => api.injectTraceContext(any(carrier)));
  },
  getCurrentSpan: (v) => api.withSpan(any(v), () => api.getCurrentSpan()),
  getCurrentTrace: (v) => api.withSpan(any(v), () => api.getCurrentTrace()),
  NoveumSpanProcessor: async (v) => {
    const p = new api.NoveumSpanProcessor();
    // What an OpenTelemetry SDK hands it, as hostile values: never a throw into the SDK.
    p.onStart(any(v), any(v));
    p.onStart(any({ name: v, kind: v, spanContext: () => v, attributes: v, startTime: v }));
    p.onEnd(any(v));
    await plugIn(p);
  },
  InMemoryExporter: (v) =>
    exporter(() => new (api.InMemoryExporter as new (...a: unknown[]) => api.InMemoryExporter)(v)),
  ConsoleExporter: (v) => {
    // Hostile options, but never the real stdout: the test runner reads it.
    const write = (): void => {};
    return exporter(() => new api.ConsoleExporter({ write, colors: any(v) }));
  },
  SimpleProcessor: async (v) => {
    await plugIn(new api.SimpleProcessor(any(v), any(v)));
    await plugIn(new api.SimpleProcessor(new api.InMemoryExporter(), any(v)));
  },
  BatchProcessor: async (v) => {
    await plugIn(new api.BatchProcessor(any(v), any(v)));
    await plugIn(new api.BatchProcessor(new api.InMemoryExporter(), any(v)));
  },
  NoveumExporter: (v) => exporter(() => new api.NoveumExporter(any(v))),
  OtlpExporter: (v) => exporter(() => new api.OtlpExporter(any(v))),
  FileExporter: (v) => exporter(() => new api.FileExporter(any(v))),
  // Not returned: the suite awaits what a case returns, and awaiting a hostile value reads its `then`.
  TracedOpenAIClient: (v) => void new api.TracedOpenAIClient(any(v), any(v)),
  traceOpenAI: (v) => void api.traceOpenAI(any(v), any(v)),
  TracedAnthropicClient: (v) => void new api.TracedAnthropicClient(any(v), any(v)),
  traceAnthropic: (v) => void api.traceAnthropic(any(v), any(v)),
  NoveumCallbackHandler: (v) => void new api.NoveumCallbackHandler(any(v)),
  noveumAITracer: (v) => void api.noveumAITracer(any(v)),
  noveumAITelemetry: (v) => void api.noveumAITelemetry(any(v)),
  PRICES_USD_PER_1M_TOKENS: () => Object.keys(api.PRICES_USD_PER_1M_TOKENS),
  setModelPrices: (v) => {
    api.setModelPrices(any(v));
    api.setModelPrices(any({ 'hostile-model': v }));
    api.setModelPrices(any({ 'hostile-model': { input: v, output: v, cacheRead: v } }));
    api.setModelPrices(null);
  },
  TracedAgentProxy: (v) => {
    // Hostile agent, type and options; then a well-formed agent whose method gets the hostile value.
    void new api.TracedAgentProxy(any(v), any(v), any(v));
    const agent = new api.TracedAgentProxy({ act: (x: unknown) => x }, any(v), any({ methods: v }));
    agent.act(v);
  },
  autoInstrument: (v) => {
    api.autoInstrument(any(v), any(v));
    api.autoInstrument('openai', any(v));
    api.autoInstrument('openai', any({ methods: v, config: v }));
    api.uninstrument('openai');
  },
  enableAutoTracing: (v) => {
    api.enableAutoTracing(any(v), any(v));
    api.enableAutoTracing(['openai'], any(v));
    api.uninstrument('openai');
  },
  uninstrument: (v) => api.uninstrument(any(v)),
  instrument: (v) => {
    api.instrument(any(v), any(v));
    api.instrument({ openai: v }, any(v));
    api.uninstrument('openai');
  },
  getInstrumentationStatus: (v) => api.getInstrumentationStatus(any(v)),
  discoverAndInstrument: (v) => {
    api.discoverAndInstrument(any(v));
    api.discoverAndInstrument(any({ libraries: v, exclude: v, paths: v, config: v }));
    api.uninstrument('openai');
  },
  AutoDiscovery: (v) => {
    void String(new api.AutoDiscovery(any(v)).discoverAndInstrument());
    api.uninstrument('openai');
  },
  DiscoveryReport: (v) => {
    const report = new api.DiscoveryReport(any(v), any(v));
    return [String(report), JSON.stringify(report)];
  },
  SUPPORTED_LIBRARIES: () => api.SUPPORTED_LIBRARIES.map((l) => l.name),
  redactText: (v) => {
    api.redactText(any(v), any(v));
    api.redactText('mail jane@example.com', any(v));
    api.redactText(any(v));
  },
  getDiagnostics: (v) => (api.getDiagnostics as (...a: unknown[]) => unknown)(v),
};

type SpanMethod = Exclude<keyof Span, 'name' | 'traceId' | 'spanId' | 'parentSpanId' | typeof Symbol.dispose>;

/** Each runs on a fresh span, then again on the same span after it ended. */
function onSpan(call: (span: Span, v: unknown) => void): HostileCall {
  return (v) => {
    const span = api.startSpan('hostile-span');
    call(span, v);
    span.end();
    call(span, v);
  };
}

export const SPAN_CASES: Readonly<Record<SpanMethod, HostileCall>> = {
  spanContext: onSpan((s) => s.spanContext()),
  isRecording: onSpan((s) => s.isRecording()),
  isEnded: onSpan((s) => s.isEnded()),
  setAttribute: onSpan((s, v) => {
    s.setAttribute(any(v), v);
    s.setAttribute('k', v);
  }),
  setAttributes: onSpan((s, v) => s.setAttributes(any(v)).setAttributes({ k: v })),
  addEvent: onSpan((s, v) => s.addEvent(any(v), any(v), any(v)).addEvent('e', { k: v })),
  addLink: onSpan((s, v) => s.addLink(any(v)).addLink(any({ traceId: v, spanId: v, attributes: v }))),
  setStatus: onSpan((s, v) => s.setStatus(any(v), any(v)).setStatus('error', any(v))),
  recordException: onSpan((s, v) => s.recordException(v, any(v))),
  updateName: onSpan((s, v) => s.updateName(any(v))),
  end: (v) => {
    const span = api.startSpan('hostile-end');
    span.end(any(v));
    span.end(any(v));
  },
};
