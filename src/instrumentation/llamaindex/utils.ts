/**
 * LlamaIndex calls and results → span names and attributes: pure functions of what the call
 * received and returned, so they are unit-testable without the library.
 */
import {
  ATTR_AGENT_INPUT,
  ATTR_AGENT_OUTPUT,
  ATTR_LLM_EMBEDDING_COUNT,
  ATTR_LLM_EMBEDDING_DIMENSIONS,
  ATTR_LLM_MAX_TOKENS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_LLM_STREAMING,
  ATTR_LLM_TEMPERATURE,
  ATTR_LLM_TOP_P,
  ATTR_NOVEUM_SPAN_TYPE,
  ATTR_RETRIEVAL_DOCUMENTS,
  ATTR_RETRIEVAL_QUERY,
  ATTR_RETRIEVAL_RESULTS_COUNT,
  ATTR_RETRIEVAL_SOURCE,
  ATTR_RETRIEVAL_TOP_K,
  ATTR_TOOL_DESCRIPTION,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  ATTR_TOOL_OUTPUT,
} from '../../core/semconv.js';
import type { SpanKind } from '../../core/types.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import { llmSpanName, type NeutralToolCall, type ResultSummary } from '../genai/result.js';
import { readTokenUsage, type AttributeBag } from '../genai/usage.js';
import type { LlamaIndexOperation } from './constants.js';
import type {
  LlmParamsLike,
  ModelLike,
  NodeWithScoreLike,
  RawLike,
  ResponseLike,
  ToolCallLike,
} from './internal-types.js';

/** The span one call opens: name, kind, starting attributes, and whether it is a model call. */
export interface CallDescription {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: AttributeBag;
  /** A model call (chat, complete, embeddings): its span is the LLM owner a provider writes onto. */
  readonly modelCall: boolean;
  readonly streamed: boolean;
  readonly provider: string;
  readonly model: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function className(self: unknown): string {
  try {
    return str((self as { constructor?: { name?: unknown } } | null)?.constructor?.name) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `llm.provider` of a model class: `OpenAI*` → openai, `Anthropic*` → anthropic, else the class name. */
export function providerOf(self: unknown): string {
  const name = className(self);
  if (name.startsWith('OpenAI') || name.startsWith('AzureOpenAI')) return 'openai';
  if (name.startsWith('Anthropic')) return 'anthropic';
  return name.toLowerCase();
}

/** Text of a message content: a string, or the text parts of a content array. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content
    .map((p) => (p as { type?: unknown; text?: unknown } | null)?.text)
    .filter((t): t is string => typeof t === 'string');
  return parts.length > 0 ? parts.join('') : undefined;
}

/** The query text of a `retrieve`/`query` argument: a string, `{ query }` or `{ query: content[] }`. */
export function queryText(params: unknown): string | undefined {
  if (typeof params === 'string') return params;
  const query = (params as { query?: unknown } | null | undefined)?.query;
  return contentText(query);
}

function withCapture(attrs: AttributeBag, key: string, value: unknown, on: boolean, max: number, c: CallCapture): void {
  if (on && value !== undefined) attrs[key] = deferCapture(value, max, c.redact);
}

function modelCall(op: 'chat' | 'complete', self: ModelLike, params: LlmParamsLike, c: CallCapture): CallDescription {
  const model = str(self.model);
  const provider = providerOf(self);
  const streamed = params.stream === true;
  const attributes: AttributeBag = {
    [ATTR_NOVEUM_SPAN_TYPE]: 'llm',
    [ATTR_LLM_OPERATION]: op,
    [ATTR_LLM_PROVIDER]: provider,
    [ATTR_LLM_MODEL]: model,
    [ATTR_LLM_TEMPERATURE]: num(self.temperature),
    [ATTR_LLM_TOP_P]: num(self.topP),
    [ATTR_LLM_MAX_TOKENS]: num(self.maxTokens),
    [ATTR_LLM_STREAMING]: streamed,
  };
  const messages = op === 'complete' ? [{ role: 'user', content: params.prompt }] : params.messages;
  withCapture(attributes, ATTR_LLM_MESSAGES, messages, c.inputs, c.maxInputLength, c);
  return { name: llmSpanName(op, model), kind: 'client', attributes, modelCall: true, streamed, provider, model };
}

function embeddingCall(self: ModelLike, args: unknown[]): CallDescription {
  const model = str(self.model);
  const provider = providerOf(self);
  const input = args[0];
  const attributes: AttributeBag = {
    [ATTR_NOVEUM_SPAN_TYPE]: 'llm',
    [ATTR_LLM_OPERATION]: 'embeddings',
    [ATTR_LLM_PROVIDER]: provider,
    [ATTR_LLM_MODEL]: model,
    [ATTR_LLM_EMBEDDING_COUNT]: Array.isArray(input) ? input.length : 1,
  };
  const name = llmSpanName('embeddings', model);
  return { name, kind: 'client', attributes, modelCall: true, streamed: false, provider, model };
}

function plainCall(name: string, attributes: AttributeBag, streamed = false): CallDescription {
  return { name, kind: 'internal', attributes, modelCall: false, streamed, provider: '', model: undefined };
}

/** What the call of `op` on `self` with `args` opens. */
export function describeCall(op: LlamaIndexOperation, self: unknown, args: unknown[], c: CallCapture): CallDescription {
  // Embedding models are callable transform components: their instances are functions.
  const s = ((typeof self === 'object' && self !== null) || typeof self === 'function' ? self : {}) as ModelLike;
  const params = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as LlmParamsLike;
  if (op === 'chat' || op === 'complete') return modelCall(op, s, params, c);
  if (op === 'embeddings') return embeddingCall(s, args);
  const attrs: AttributeBag = {};
  if (op === 'retrieve') {
    attrs[ATTR_NOVEUM_SPAN_TYPE] = 'retrieval';
    attrs[ATTR_RETRIEVAL_SOURCE] = className(self);
    attrs[ATTR_RETRIEVAL_TOP_K] = num(s.similarityTopK);
    withCapture(attrs, ATTR_RETRIEVAL_QUERY, queryText(args[0]), c.inputs, c.maxInputLength, c);
    return plainCall(`retrieval.${className(self)}`, attrs);
  }
  if (op === 'tool') {
    const name = str(s.metadata?.name) ?? 'tool';
    attrs[ATTR_NOVEUM_SPAN_TYPE] = 'tool';
    attrs[ATTR_TOOL_NAME] = name;
    attrs[ATTR_TOOL_DESCRIPTION] = str(s.metadata?.description);
    withCapture(attrs, ATTR_TOOL_INPUT, args[0], c.inputs, c.maxInputLength, c);
    return plainCall(`tool.${name}`, attrs);
  }
  // Query and chat engines: the question in, the answer out.
  attrs[ATTR_NOVEUM_SPAN_TYPE] = 'operation';
  const input = op === 'query' ? queryText(params) : contentText((params as { message?: unknown }).message);
  withCapture(attrs, ATTR_AGENT_INPUT, input, c.inputs, c.maxInputLength, c);
  const prefix = op === 'query' ? 'query_engine' : 'chat_engine';
  return plainCall(`${prefix}.${className(self)}`, attrs, params.stream === true);
}

function neutralToolCalls(value: unknown): NeutralToolCall[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return (value as ToolCallLike[]).map((t) => ({
    id: str(t.id),
    name: str(t.name),
    arguments: typeof t.input === 'string' ? t.input : JSON.stringify(t.input),
  }));
}

/** A chat/complete result (or the raw chunk of a stream) in the provider-neutral shape. */
export function llmResultSummary(value: unknown): ResultSummary {
  const v = (value ?? {}) as ResponseLike;
  const raw = (typeof v.raw === 'object' && v.raw !== null ? v.raw : {}) as RawLike;
  return {
    id: str(raw.id),
    model: str(raw.model),
    finishReason: str(raw.choices?.[0]?.finish_reason),
    text: typeof v.text === 'string' ? v.text : contentText(v.message?.content),
    toolCalls: neutralToolCalls(v.message?.options?.toolCall),
    usage: readTokenUsage(raw.usage),
  };
}

/** What a retrieved node looks like on the span: id, score, text and metadata. */
function documentOf(item: unknown): Record<string, unknown> {
  const n = (item ?? {}) as NodeWithScoreLike;
  let content: unknown;
  try {
    content = typeof n.node?.getContent === 'function' ? n.node.getContent() : n.node?.text;
  } catch {
    content = n.node?.text;
  }
  return { id: str(n.node?.id_), score: num(n.score), content, metadata: n.node?.metadata };
}

/** The answer text of an engine response (`EngineResponse`). */
export function engineResponseText(value: unknown): string | undefined {
  const v = (value ?? {}) as ResponseLike;
  return typeof v.response === 'string' ? v.response : contentText(v.message?.content);
}

/** Attributes of what a non-model call returned (retrieval, tool, engines, embeddings). */
export function outputAttributes(op: LlamaIndexOperation, value: unknown, c: CallCapture): AttributeBag {
  const attrs: AttributeBag = {};
  if (op === 'retrieve' && Array.isArray(value)) {
    attrs[ATTR_RETRIEVAL_RESULTS_COUNT] = value.length;
    // Reading each node's text costs a call per node: only when outputs are captured.
    const documents = c.outputs ? value.map(documentOf) : undefined;
    withCapture(attrs, ATTR_RETRIEVAL_DOCUMENTS, documents, c.outputs, c.maxOutputLength, c);
  } else if (op === 'embeddings') {
    const vectors = Array.isArray(value) && Array.isArray(value[0]) ? (value as unknown[][]) : [value];
    if (Array.isArray(vectors[0])) {
      attrs[ATTR_LLM_EMBEDDING_COUNT] = vectors.length;
      attrs[ATTR_LLM_EMBEDDING_DIMENSIONS] = vectors[0].length;
    }
  } else if (op === 'tool') {
    withCapture(attrs, ATTR_TOOL_OUTPUT, value, c.outputs, c.maxOutputLength, c);
  } else if (op === 'query' || op === 'chat_engine') {
    withCapture(attrs, ATTR_AGENT_OUTPUT, engineResponseText(value), c.outputs, c.maxOutputLength, c);
  }
  return attrs;
}
