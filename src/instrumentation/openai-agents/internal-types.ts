/**
 * The parts of `@openai/agents-core` this integration reads, duck-typed (never imported): the
 * tracing API on the module, and the trace and span objects its processors receive.
 */

/** A trace as processors receive it (`Trace` of agents-core). */
export interface AgentsTrace {
  readonly type?: string;
  readonly traceId: string;
  readonly name?: string;
  readonly groupId?: string | null;
  readonly metadata?: Record<string, unknown> | undefined;
}

/** The error an agents span carries (`SpanError`). */
export interface AgentsSpanError {
  readonly message?: string;
  readonly data?: Record<string, unknown>;
}

/** A span's data: `type` picks the shape (agent, function, response, generation, handoff, ...). */
export interface AgentsSpanData {
  readonly type: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

/** A span as processors receive it (`Span` of agents-core). */
export interface AgentsSpan {
  readonly spanId: string;
  readonly traceId: string;
  readonly parentId: string | null;
  readonly spanData: AgentsSpanData;
  readonly error: AgentsSpanError | null;
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
}

/** The processor interface of agents-core (`TracingProcessor`). */
export interface AgentsTracingProcessor {
  start?(): void;
  onTraceStart(trace: AgentsTrace): Promise<void>;
  onTraceEnd(trace: AgentsTrace): Promise<void>;
  onSpanStart(span: AgentsSpan): Promise<void>;
  onSpanEnd(span: AgentsSpan): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

/** The global `TraceProvider` (shared by every copy of agents-core through a `Symbol.for` slot). */
export interface AgentsTraceProvider {
  registerProcessor(processor: AgentsTracingProcessor): void;
  setProcessors(processors: AgentsTracingProcessor[]): void;
  /** Returns a no-op trace (id 'no-op') while tracing is off. */
  createTrace?(options: { name: string }): { traceId: string } | undefined;
}

/** What the module exports (`@openai/agents` re-exports all of it from `@openai/agents-core`). */
export interface AgentsTracingModule {
  getGlobalTraceProvider(): AgentsTraceProvider;
  getCurrentSpan(): AgentsSpan | null;
}

/** Generation span data (chat completions models). */
export interface GenerationData extends AgentsSpanData {
  readonly model?: string;
  readonly model_config?: Record<string, unknown>;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly usage?: { input_tokens?: number; output_tokens?: number; [key: string]: unknown };
}

/** Response span data (Responses API models): `_response` is the whole Responses body. */
export interface ResponseData extends AgentsSpanData {
  readonly response_id?: string;
  readonly _input?: unknown;
  readonly _response?: {
    id?: string;
    model?: string;
    output?: unknown;
    usage?: Record<string, unknown>;
    status?: string;
    incomplete_details?: { reason?: string } | null;
    [key: string]: unknown;
  };
}
