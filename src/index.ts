/**
 * noveum-trace: tracing for LLM, RAG and multi-agent applications on Node.js.
 * Importing this module has no side effects; nothing runs until `init()`.
 */

// Setup
export { init, flush, shutdown } from './api/init.js';
export type { InitOptions, CaptureOptions, ResolvedConfig } from './api/options.js';
export { getClient } from './api/client.js';
export type { Client, CurrentTrace, StartSpanOptions } from './api/client.js';

// Tracing: inline scopes
export { traceOperation, traceLLM, traceAgent, traceTool, traceRetrieval, startScopedSpan } from './api/scoped.js';
export type {
  AgentSpanOptions,
  LLMSpanOptions,
  OperationOptions,
  RetrievalSpanOptions,
  ToolSpanOptions,
} from './api/span-specs.js';

// Tracing: manual spans
export { startSpan, finishSpan, getCurrentSpan, getCurrentTrace } from './api/manual.js';

// Span model
export type {
  AttributeValue,
  Attributes,
  ExportResult,
  FinishedTrace,
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
  TraceExporter,
  TraceProcessor,
} from './core/types.js';

// Export
export { InMemoryExporter } from './export/in-memory-exporter.js';
export { SimpleProcessor } from './export/simple-processor.js';
export type { ExportOptions, ExporterChoice, FileExportOptions, OtlpOptions } from './export/types.js';

// Sampling and redaction
export type { SamplingOptions, SamplingRule } from './sampling/types.js';
export type { PiiDetector, RedactionOptions } from './redact/types.js';

// Diagnostics
export { getDiagnostics } from './diag/internal-errors.js';
export type { DiagnosticCounters } from './diag/internal-errors.js';
export type { DiagLevel } from './diag/diag.js';
