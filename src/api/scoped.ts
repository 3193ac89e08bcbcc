import { getActiveSpan, setSpan, type ScopeMarks } from '../context/active-span.js';
import { enterContext, getActiveContext } from '../context/context-manager.js';
import { NOOP_SPAN } from '../core/span.js';
import type { Span } from '../core/types.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
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
  try {
    const s = typeof spec === 'function' ? spec() : spec;
    span = client.startSpan(s.name, { attributes: s.attributes, kind: s.kind });
  } catch (error) {
    // Odd options (a throwing getter, a name whose toString throws) must not stop the user's work.
    reportInternalError('traceScope', error);
    return fn(NOOP_SPAN);
  }
  return runInSpan(span, () => fn(span));
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

/**
 * Starts a span that is active until it is disposed: for `using span = startScopedSpan('step')`.
 * At scope exit the span ends and the previous active span is restored.
 *
 * Caveat: the span is entered into the current async context with `enterWith`, which in
 * an async function also reaches its caller: until the scope exits, code that runs in the
 * caller meanwhile (after calling without `await`) sees this span as active. Once the
 * scope has exited, the span is skipped, so the caller (and callbacks started inside that
 * fire later) see the span that was active before it. Prefer `traceOperation(name, fn)`
 * where a callback fits; use `using` at the top of a function body.
 *
 * @example
 * ```ts
 * async function handle(req: Request) {
 *   using span = startScopedSpan('handle', { attributes: { 'http.route': '/chat' } });
 *   return await answer(req); // spans started in answer() are children of `span`
 * }
 * ```
 */
export function startScopedSpan(name: string, options?: OperationOptions): Span {
  const client = getClient();
  if (!client.isEnabled) return NOOP_SPAN;
  let span: Span;
  try {
    const spec = operationSpec(String(name), options);
    span = client.startSpan(spec.name, { attributes: spec.attributes, kind: spec.kind });
  } catch (error) {
    reportInternalError('startScopedSpan', error);
    return NOOP_SPAN;
  }
  if (span === NOOP_SPAN) return span;
  try {
    const marks = span as Span & ScopeMarks & { _scopeRestore?: () => void };
    marks._scopeOuter = getActiveSpan();
    const restore = enterContext(setSpan(getActiveContext(), span));
    marks._scopeRestore = () => {
      marks._scopeExited = true;
      restore();
    };
  } catch (error) {
    diag.debug('startScopedSpan could not enter the context:', error);
  }
  return span;
}
