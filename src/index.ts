/**
 * noveum-trace: tracing for LLM, RAG and multi-agent applications on Node.js.
 * Importing this module has no side effects; nothing runs until `init()`.
 */

// Setup
export { init } from './discovery/init.js';
export type { InitOptions } from './discovery/init.js';
export { flush, shutdown } from './api/init.js';
export type { CaptureOptions, ResolvedConfig } from './api/options.js';
export { getClient } from './api/client.js';
export type { Client, CurrentTrace, StartSpanOptions } from './api/client.js';

// Tracing: inline scopes
export { traceOperation, startScopedSpan } from './api/scoped.js';
export type { ScopedSpanOptions } from './api/scoped.js';

// Tracing: typed scopes, inline `traceLLM(opts, fn)` or decorator `@traceLLM(opts)`, and `@trace`
export { traceLLM, traceAgent, traceTool, traceRetrieval } from './decorators/trace-scopes.js';
export type { ToolDecoratorOptions } from './decorators/trace-scopes.js';
export { trace } from './decorators/trace.js';
export type { TraceOptions } from './decorators/trace.js';
export type { TraceMethodDecorator } from './decorators/method-decorator.js';

// Tracing: helpers for functions you cannot edit
export { traceExistingFunction, traceLLMCall, extractTokenUsage } from './api/helpers.js';
export type { LLMCallOptions } from './api/helpers.js';
export type {
  AgentSpanOptions,
  LLMSpanOptions,
  OperationOptions,
  RetrievalSpanOptions,
  ToolSpanOptions,
} from './api/span-specs.js';

// Tracing: every method of an existing agent object
export { TracedAgentProxy } from './proxy/agent-proxy.js';
export type { AgentMethodKey, AgentMethodSelection, AgentProxyOptions } from './proxy/agent-proxy.js';

// Tracing: manual spans
export { startSpan, finishSpan, withSpan, getCurrentSpan, getCurrentTrace } from './api/manual.js';

// OpenTelemetry: the app's OpenTelemetry spans through noveum-trace's pipeline
export { NoveumSpanProcessor } from './instrumentation/opentelemetry/span-processor.js';
// Across services: W3C trace context and baggage
export { continueTrace, extractTraceContext, injectTraceContext } from './api/propagation.js';
export type { ExtractedTraceContext, HeaderCarrier } from './api/propagation.js';
export type { OutgoingPropagationOptions, PropagationOptions, UrlPattern } from './propagation/types.js';

// Span model
export type {
  AttributeValue,
  Attributes,
  DeliveryMode,
  ExportResult,
  FinishedTrace,
  FinishSyncResult,
  ReadableSpan,
  RecordedException,
  Resource,
  Sampler,
  SamplingDecision,
  Span,
  SpanContext,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanStatus,
  SpanStatusCode,
  TimeInput,
  TraceExporter,
  TraceProcessor,
} from './core/types.js';

// Export
export { InMemoryExporter } from './export/in-memory-exporter.js';
export { ConsoleExporter } from './export/console/console-exporter.js';
export type { ConsoleExporterOptions } from './export/console/console-exporter.js';
export { SimpleProcessor } from './export/simple-processor.js';
export type { ExportOptions, ExporterChoice, FileExportOptions, OtlpOptions } from './export/types.js';
export { BatchProcessor } from './export/batch-processor.js';
export type { BatchProcessorOptions } from './export/batch-processor.js';
export { NoveumExporter } from './export/noveum/noveum-exporter.js';
export type { NoveumExporterOptions } from './export/noveum/noveum-exporter.js';
export { OtlpExporter } from './export/otlp/otlp-exporter.js';
export type { OtlpExporterOptions } from './export/otlp/otlp-exporter.js';
export { FileExporter } from './export/file/file-exporter.js';
export type { FileExporterOptions } from './export/file/file-exporter.js';
export type { HttpExporterOptions } from './export/http/settings.js';

// Sampling and redaction
export type { SamplingOptions, SamplingRule } from './sampling/types.js';
export type { PiiDetector, RedactionOptions } from './redact/types.js';
export { redactText } from './redact/redact-text.js';

// Instrumentation
export { autoInstrument, uninstrument, instrument, getInstrumentationStatus } from './instrumentation/index.js';
export type {
  AutoInstrumentOptions,
  InstrumentationConfig,
  InstrumentationName,
  OpenAIInstrumentationConfig,
  AnthropicInstrumentationConfig,
  LangChainInstrumentationConfig,
  NoveumCallbackHandlerOptions,
  LlamaIndexInstrumentationConfig,
} from './instrumentation/index.js';
export { TracedOpenAIClient, traceOpenAI } from './instrumentation/openai/traced-client.js';
export { TracedAnthropicClient, traceAnthropic } from './instrumentation/anthropic/index.js';
export { NoveumCallbackHandler } from './instrumentation/langchain/index.js';
export { noveumAITelemetry, noveumAITracer } from './instrumentation/vercel-ai/index.js';
export { PRICES_USD_PER_1M_TOKENS } from './instrumentation/genai/prices.js';
export { setModelPrices } from './instrumentation/genai/price-overrides.js';
export type { ModelPrice } from './instrumentation/genai/price-overrides.js';
export type { ModelPriceUsdPer1MTokens } from './instrumentation/genai/prices.js';

// Auto-discovery: instrument every supported library installed
export { AutoDiscovery, discoverAndInstrument } from './discovery/auto-discovery.js';
export type { DiscoveryOptions } from './discovery/auto-discovery.js';
export { DiscoveryReport } from './discovery/discovery-report.js';
export type {
  DiscoveryReportData,
  FoundCopy,
  InstrumentedLibrary,
  SkippedLibrary,
  SkipReason,
} from './discovery/discovery-report.js';
export type { CopySource, PackageCopy } from './discovery/locate-package.js';
export { enableAutoTracing } from './discovery/enable-auto-tracing.js';
export { SUPPORTED_LIBRARIES } from './discovery/registry.js';
export type { SupportedLibrary } from './discovery/registry.js';

// Diagnostics
export { getDiagnostics } from './diag/internal-errors.js';
export type { DiagnosticCounters } from './diag/internal-errors.js';
export type { DiagLevel } from './diag/diag.js';
