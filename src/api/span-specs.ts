import {
  ATTR_AGENT_NAME,
  ATTR_AGENT_OPERATION,
  ATTR_AGENT_TYPE,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_NOVEUM_SPAN_TYPE,
  ATTR_RETRIEVAL_QUERY,
  ATTR_RETRIEVAL_SOURCE,
  ATTR_RETRIEVAL_TOP_K,
  ATTR_TOOL_DESCRIPTION,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  type SpanType,
} from '../core/semconv.js';
import { isAttributeMap } from '../core/span-input.js';
import type { SpanKind } from '../core/types.js';

type Attrs = Readonly<Record<string, unknown>>;

export interface OperationOptions {
  readonly attributes?: Attrs;
  readonly kind?: SpanKind;
}

export interface LLMSpanOptions {
  readonly model?: string;
  readonly provider?: string;
  /** What the call is for, e.g. "query_enhancement"; names the span `llm.<operation>`. */
  readonly operation?: string;
  /** Overrides the span name. */
  readonly name?: string;
  readonly attributes?: Attrs;
}

export interface AgentSpanOptions {
  /** The kind of agent, e.g. "researcher". */
  readonly agentType?: string;
  readonly agentName?: string;
  /** What the agent is doing, e.g. "plan". */
  readonly operation?: string;
  readonly name?: string;
  readonly attributes?: Attrs;
}

export interface ToolSpanOptions {
  /** The tool's name; names the span `tool.<name>`. */
  readonly name: string;
  readonly description?: string;
  /** The tool's input, recorded as `tool.input`. */
  readonly input?: unknown;
  readonly attributes?: Attrs;
}

export interface RetrievalSpanOptions {
  readonly query?: string;
  /** Where documents come from, e.g. "pinecone"; names the span `retrieval.<source>`. */
  readonly source?: string;
  readonly topK?: number;
  readonly name?: string;
  readonly attributes?: Attrs;
}

/** A span's name, kind and starting attributes, derived from the options of a typed scope. */
export interface SpanSpec {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Record<string, unknown>;
}

function withUser(base: Record<string, unknown>, user: Attrs | undefined): Record<string, unknown> {
  // A string here would become one attribute per character: it is reported once and ignored.
  if (!isAttributeMap(user, 'attributes option')) return base;
  try {
    return Object.assign(base, user);
  } catch {
    return base; // a proxy or getter that throws: keep the span's own attributes
  }
}

export function llmSpec(o: LLMSpanOptions, fallbackName?: string): SpanSpec {
  const base: Record<string, unknown> = { [ATTR_NOVEUM_SPAN_TYPE]: 'llm' satisfies SpanType };
  if (o.model !== undefined) base[ATTR_LLM_MODEL] = o.model;
  if (o.provider !== undefined) base[ATTR_LLM_PROVIDER] = o.provider;
  if (o.operation !== undefined) base[ATTR_LLM_OPERATION] = o.operation;
  const name =
    o.name ?? (o.operation !== undefined ? `llm.${o.operation}` : (fallbackName ?? `llm.${o.model ?? 'call'}`));
  return { name, kind: 'client', attributes: withUser(base, o.attributes) };
}

export function agentSpec(o: AgentSpanOptions, fallbackName?: string): SpanSpec {
  const base: Record<string, unknown> = { [ATTR_NOVEUM_SPAN_TYPE]: 'agent' satisfies SpanType };
  if (o.agentType !== undefined) base[ATTR_AGENT_TYPE] = o.agentType;
  if (o.agentName !== undefined) base[ATTR_AGENT_NAME] = o.agentName;
  if (o.operation !== undefined) base[ATTR_AGENT_OPERATION] = o.operation;
  const name =
    o.name ??
    `agent.${o.agentName ?? o.agentType ?? 'agent'}${o.operation !== undefined ? '.' + o.operation : fallbackName !== undefined ? '.' + fallbackName : ''}`;
  return { name, kind: 'internal', attributes: withUser(base, o.attributes) };
}

export function toolSpec(o: ToolSpanOptions): SpanSpec {
  const base: Record<string, unknown> = {
    [ATTR_NOVEUM_SPAN_TYPE]: 'tool' satisfies SpanType,
    [ATTR_TOOL_NAME]: o.name,
  };
  if (o.description !== undefined) base[ATTR_TOOL_DESCRIPTION] = o.description;
  if (o.input !== undefined) base[ATTR_TOOL_INPUT] = o.input;
  return { name: `tool.${o.name}`, kind: 'internal', attributes: withUser(base, o.attributes) };
}

export function retrievalSpec(o: RetrievalSpanOptions, fallbackName?: string): SpanSpec {
  const base: Record<string, unknown> = { [ATTR_NOVEUM_SPAN_TYPE]: 'retrieval' satisfies SpanType };
  if (o.query !== undefined) base[ATTR_RETRIEVAL_QUERY] = o.query;
  if (o.source !== undefined) base[ATTR_RETRIEVAL_SOURCE] = o.source;
  if (o.topK !== undefined) base[ATTR_RETRIEVAL_TOP_K] = o.topK;
  const name = o.name ?? (o.source !== undefined ? `retrieval.${o.source}` : (fallbackName ?? 'retrieval'));
  return { name, kind: 'internal', attributes: withUser(base, o.attributes) };
}

export function operationSpec(name: string, o: OperationOptions | undefined): SpanSpec {
  const base: Record<string, unknown> = { [ATTR_NOVEUM_SPAN_TYPE]: 'operation' satisfies SpanType };
  return { name, kind: o?.kind ?? 'internal', attributes: withUser(base, o?.attributes) };
}
