/**
 * The typed scopes in their two forms under one name: `traceLLM(options, fn)` runs
 * `fn` in a span (the inline form of src/api/scoped.ts), and `@traceLLM(options)`
 * decorates a method. The arguments tell which form is meant.
 */
import {
  traceAgent as traceAgentScope,
  traceLLM as traceLLMScope,
  traceRetrieval as traceRetrievalScope,
  traceTool as traceToolScope,
} from '../api/scoped.js';
import {
  agentSpec,
  llmSpec,
  retrievalSpec,
  toolSpec,
  type AgentSpanOptions,
  type LLMSpanOptions,
  type RetrievalSpanOptions,
  type ToolSpanOptions,
} from '../api/span-specs.js';
import { ATTR_AGENT_METHOD } from '../core/semconv.js';
import type { Span } from '../core/types.js';
import {
  applyDecorator,
  createMethodDecorator,
  isDecoratorCall,
  type SpecFactory,
  type TraceMethodDecorator,
} from './method-decorator.js';

/** Options of `@traceTool(...)`: the tool's name defaults to the method name. */
export interface ToolDecoratorOptions {
  readonly name?: string;
  readonly description?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

type Scope = (options: never, fn: (span: Span) => unknown) => unknown;

/** Routes a call to the decorator or the inline scope. */
function dispatch(
  api: string,
  args: readonly unknown[],
  scope: Scope,
  makeFactory: (options: never) => SpecFactory
): unknown {
  if (isDecoratorCall(args)) return applyDecorator(api, args, makeFactory({} as never));
  if (args.length >= 2) return scope(args[0] as never, args[1] as (span: Span) => unknown);
  const options = args[0] !== null && typeof args[0] === 'object' ? args[0] : {};
  return createMethodDecorator(api, makeFactory(options as never));
}

const llmFactory =
  (o: LLMSpanOptions): SpecFactory =>
  (qualified) =>
    llmSpec(o, qualified);

const agentFactory =
  (o: AgentSpanOptions): SpecFactory =>
  (qualified, method) => {
    const spec = agentSpec(o);
    const attributes = { ...spec.attributes, [ATTR_AGENT_METHOD]: method };
    const named = o.name !== undefined || o.operation !== undefined;
    return { ...spec, name: named ? spec.name : qualified, attributes };
  };

const toolFactory =
  (o: ToolDecoratorOptions): SpecFactory =>
  (qualified, method) => {
    const base: ToolSpanOptions = { ...o, name: o.name ?? method };
    const spec = toolSpec(base);
    return o.name === undefined ? { ...spec, name: qualified } : spec;
  };

const retrievalFactory =
  (o: RetrievalSpanOptions): SpecFactory =>
  (qualified) =>
    retrievalSpec(o, qualified);

/**
 * Traces an LLM call: inline as `traceLLM(options, fn)`, or as a method decorator
 * `@traceLLM(options)` (span name `llm.<operation>`, else `ClassName.method`).
 * `llm.model`, `llm.provider` and `llm.operation` come from the options. A sync `fn`
 * stays sync, a promise is returned as is, errors are recorded and rethrown unchanged.
 *
 * @example
 * ```ts
 * const res = await traceLLM({ model: 'gpt-4o', provider: 'openai' }, async (span) => {
 *   const r = await openai.chat.completions.create({ model: 'gpt-4o', messages });
 *   span.setAttributes({ 'llm.input_tokens': r.usage?.prompt_tokens, 'llm.output_tokens': r.usage?.completion_tokens });
 *   return r;
 * });
 *
 * class Summariser {
 *   @traceLLM({ model: 'gpt-4o', provider: 'openai', operation: 'summarise' })
 *   async summarise(text: string) { ... }
 * }
 * ```
 */
export function traceLLM<R>(options: LLMSpanOptions, fn: (span: Span) => R): R;
export function traceLLM(options?: LLMSpanOptions): TraceMethodDecorator;
export function traceLLM(...args: unknown[]): unknown {
  return dispatch('traceLLM', args, traceLLMScope as Scope, llmFactory);
}

/**
 * Traces one step of an agent: inline as `traceAgent(options, fn)`, or as a method
 * decorator `@traceAgent(options)` (also records `agent.method`).
 *
 * @example
 * ```ts
 * await traceAgent({ agentType: 'researcher', operation: 'plan' }, () => planner.plan(goal));
 *
 * class Researcher {
 *   @traceAgent({ agentType: 'researcher' })
 *   async plan(goal: string) { ... }
 * }
 * ```
 */
export function traceAgent<R>(options: AgentSpanOptions, fn: (span: Span) => R): R;
export function traceAgent(options?: AgentSpanOptions): TraceMethodDecorator;
export function traceAgent(...args: unknown[]): unknown {
  return dispatch('traceAgent', args, traceAgentScope as Scope, agentFactory);
}

/**
 * Traces a tool invocation: inline as `traceTool({ name }, fn)`, or as a method
 * decorator `@traceTool(options)` whose tool name defaults to the method name.
 *
 * @example
 * ```ts
 * const weather = await traceTool({ name: 'get_weather', input: { city } }, () => getWeather(city));
 *
 * class Tools {
 *   @traceTool({ description: 'Looks up the weather' })
 *   getWeather(city: string) { ... }
 * }
 * ```
 */
export function traceTool<R>(options: ToolSpanOptions, fn: (span: Span) => R): R;
export function traceTool(options?: ToolDecoratorOptions): TraceMethodDecorator;
export function traceTool(...args: unknown[]): unknown {
  return dispatch('traceTool', args, traceToolScope as Scope, toolFactory);
}

/**
 * Traces a retrieval step: inline as `traceRetrieval(options, fn)`, or as a method
 * decorator `@traceRetrieval(options)`.
 *
 * @example
 * ```ts
 * const docs = await traceRetrieval({ query, source: 'pinecone', topK: 5 }, () => index.query(query, 5));
 *
 * class Store {
 *   @traceRetrieval({ source: 'pgvector' })
 *   async search(query: string) { ... }
 * }
 * ```
 */
export function traceRetrieval<R>(options: RetrievalSpanOptions, fn: (span: Span) => R): R;
export function traceRetrieval(options?: RetrievalSpanOptions): TraceMethodDecorator;
export function traceRetrieval(...args: unknown[]): unknown {
  return dispatch('traceRetrieval', args, traceRetrievalScope as Scope, retrievalFactory);
}
