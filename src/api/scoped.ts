import { ATTR_NOVEUM_SPAN_TYPE } from '../core/semconv.js';
import { NOOP_SPAN } from '../core/span.js';
import type { Span } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { activateScopedSpan } from './activate-scope.js';
import { getClient } from './client.js';
import { runInSpan } from './run-in-span.js';
import {
  agentSpec,
  llmSpec,
  operationSpec,
  retrievalSpec,
  toolSpec,
  type AgentSpanOptions,
  type LLMSpanOptions,
  type OperationOptions,
  type RetrievalSpanOptions,
  type SpanSpec,
  type ToolSpanOptions,
} from './span-specs.js';

/** Starts a span from `spec` as a child of the active span. */
export function startSpanFromSpec(spec: SpanSpec): Span {
  return getClient().startSpan(spec.name, { attributes: spec.attributes, kind: spec.kind });
}

function misuse<R>(api: string): R {
  incrementCounter('misuseWarnings');
  diag.warn(`${api}: the last argument must be a function, e.g. ${api}(..., (span) => work()); nothing was run`);
  return undefined as R;
}

/**
 * Runs `fn(span)` in a new active span built from `spec` (or by calling it, so that
 * building from user options happens here, where a failure is caught).
 */
export function traceWithSpec<R>(spec: SpanSpec | (() => SpanSpec), fn: (span: Span) => R): R {
  const client = getClient();
  if (!client.isEnabled) return fn(NOOP_SPAN);
  let span: Span;
  let llmOwner: boolean;
  try {
    const s = typeof spec === 'function' ? spec() : spec;
    span = client.startSpan(s.name, { attributes: s.attributes, kind: s.kind });
    llmOwner = s.attributes[ATTR_NOVEUM_SPAN_TYPE] === 'llm';
  } catch (error) {
    // Odd options (a throwing getter, a name whose toString throws) must not stop the user's work.
    reportInternalError('traceScope', error);
    return fn(NOOP_SPAN);
  }
  return runInSpan(span, () => fn(span), { llmOwner });
}

/**
 * Traces a block of work as one span, active for everything `fn` calls, across `await`.
 * A sync `fn` stays sync; an async one's promise is returned as is; errors are
 * recorded and rethrown unchanged.
 *
 * @example
 * ```ts
 * const hits = await traceOperation('vector_search', async (span) => {
 *   const results = await db.search(query);
 *   span.setAttribute('search.results_count', results.length);
 *   return results;
 * });
 * ```
 */
export function traceOperation<R>(name: string, fn: (span: Span) => R): R;
export function traceOperation<R>(name: string, options: OperationOptions, fn: (span: Span) => R): R;
export function traceOperation<R>(
  name: string,
  optionsOrFn: OperationOptions | ((span: Span) => R),
  maybeFn?: (span: Span) => R
): R {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  if (typeof fn !== 'function') return misuse('traceOperation');
  const options = typeof optionsOrFn === 'function' ? undefined : optionsOrFn;
  return traceWithSpec(() => operationSpec(String(name), options), fn);
}

/**
 * Traces an LLM call: `llm.model`, `llm.provider` and `llm.operation` are set from
 * the options; instrumented client calls inside enrich this span.
 *
 * @example
 * ```ts
 * const text = await traceLLM({ model: 'gpt-4o', provider: 'openai', operation: 'summarise' }, async (span) => {
 *   const res = await client.chat.completions.create({ model: 'gpt-4o', messages });
 *   span.setAttribute('llm.response', res.choices[0]?.message.content);
 *   return res.choices[0]?.message.content;
 * });
 * ```
 */
export function traceLLM<R>(options: LLMSpanOptions, fn: (span: Span) => R): R {
  if (typeof fn !== 'function') return misuse('traceLLM');
  return traceWithSpec(() => llmSpec(options ?? {}), fn);
}

/**
 * Traces one step of an agent.
 *
 * @example
 * ```ts
 * await traceAgent({ agentType: 'researcher', operation: 'plan' }, async () => planner.plan(goal));
 * ```
 */
export function traceAgent<R>(options: AgentSpanOptions, fn: (span: Span) => R): R {
  if (typeof fn !== 'function') return misuse('traceAgent');
  return traceWithSpec(() => agentSpec(options ?? {}), fn);
}

/**
 * Traces a tool invocation.
 *
 * @example
 * ```ts
 * const weather = await traceTool({ name: 'get_weather', input: { city } }, () => getWeather(city));
 * ```
 */
export function traceTool<R>(options: ToolSpanOptions, fn: (span: Span) => R): R {
  if (typeof fn !== 'function') return misuse('traceTool');
  return traceWithSpec(() => toolSpec(options ?? { name: 'tool' }), fn);
}

/**
 * Traces a retrieval step (vector search, keyword search, reranking).
 *
 * @example
 * ```ts
 * const docs = await traceRetrieval({ query, source: 'pinecone', topK: 5 }, async (span) => {
 *   const docs = await index.query(query, 5);
 *   span.setAttribute('retrieval.results_count', docs.length);
 *   return docs;
 * });
 * ```
 */
export function traceRetrieval<R>(options: RetrievalSpanOptions, fn: (span: Span) => R): R {
  if (typeof fn !== 'function') return misuse('traceRetrieval');
  return traceWithSpec(() => retrievalSpec(options ?? {}), fn);
}

/** Options of `startScopedSpan`. */
export interface ScopedSpanOptions extends OperationOptions {
  /** The parent span; default: the span active where `startScopedSpan` is called. */
  readonly parent?: Span;
  /**
   * Also make the span the active span until it is disposed (AsyncLocalStorage `enterWith`), so
   * spans started in the rest of the block become its children. Safe in a sync function, or in an
   * async function whose every call runs in its own scope (`traceOperation`, `withSpan`); see the caveat.
   */
  readonly activate?: boolean;
}

/**
 * Starts a span that ends when it is disposed: for `using span = startScopedSpan('step')`.
 * Its parent is `options.parent` or the span active at the call. It is not made active, so
 * concurrent calls of one async function can never end up in each other's traces: run the
 * work that should be its children with `withSpan(span, fn)`, or pass `{ parent: span }`.
 *
 * Caveat of `{ activate: true }`: the span is entered with `enterWith`, which in an async
 * function also reaches its caller until the function's first `await`. Calls started together
 * (`Promise.all(items.map(handle))`) then nest inside one another and form one trace; this is
 * warned about once when detected. Use it in sync functions, or where each call already runs in
 * its own scope (`traceOperation(name, () => handle(req))`).
 *
 * @example
 * ```ts
 * async function handle(req: Request) {
 *   using span = startScopedSpan('handle', { attributes: { 'http.route': '/chat' } });
 *   return await withSpan(span, () => answer(req)); // spans started in answer() are children of `span`
 * }
 * ```
 */
export function startScopedSpan(name: string, options?: ScopedSpanOptions): Span {
  const client = getClient();
  if (!client.isEnabled) return NOOP_SPAN;
  let span: Span;
  let activate = false;
  try {
    const spec = operationSpec(String(name), options);
    const parent = options?.parent;
    activate = options?.activate === true;
    span = client.startSpan(spec.name, {
      attributes: spec.attributes,
      kind: spec.kind,
      ...(parent !== undefined && { parent }),
    });
  } catch (error) {
    reportInternalError('startScopedSpan', error);
    return NOOP_SPAN;
  }
  if (span === NOOP_SPAN || !activate) return span;
  try {
    activateScopedSpan(span);
  } catch (error) {
    diag.debug('startScopedSpan could not enter the context:', error);
  }
  return span;
}
