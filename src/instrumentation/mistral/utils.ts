/**
 * Pure mappers: Mistral request parameters → span attributes, and chat/embedding results →
 * a `ResultSummary`. The SDK hands camelCase objects both ways. No span access here.
 */
import {
  ATTR_LLM_EMBEDDING_COUNT,
  ATTR_LLM_EMBEDDING_DIMENSIONS,
  ATTR_LLM_MAX_TOKENS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_LLM_STREAMING,
  ATTR_LLM_TEMPERATURE,
  ATTR_LLM_TOOLS,
  ATTR_LLM_TOP_P,
} from '../../core/semconv.js';
import { finiteNumber as num, stringValue as str } from '../../internal/read-value.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { MISTRAL_PROVIDER, type MistralOperation } from './constants.js';
import type { MistralRequest, MistralResponse, MistralToolCall, MistralUsage } from './internal-types.js';

/** Attributes known before the call: model, provider, operation, parameters, captured input. */
export function requestAttributes(
  operation: MistralOperation,
  params: unknown,
  stream: boolean,
  capture: CallCapture
): AttributeBag {
  const p = (typeof params === 'object' && params !== null ? params : {}) as MistralRequest;
  const tools = Array.isArray(p.tools) ? p.tools.map((t) => String(t?.function?.name ?? 'tool')) : [];
  const attrs: AttributeBag = {
    [ATTR_LLM_PROVIDER]: MISTRAL_PROVIDER,
    [ATTR_LLM_OPERATION]: operation,
    [ATTR_LLM_MODEL]: str(p.model),
    [ATTR_LLM_TEMPERATURE]: num(p.temperature),
    [ATTR_LLM_TOP_P]: num(p.topP),
    [ATTR_LLM_MAX_TOKENS]: num(p.maxTokens),
    [ATTR_LLM_STREAMING]: stream ? true : undefined,
    [ATTR_LLM_TOOLS]: tools.length > 0 ? tools : undefined,
  };
  if (capture.inputs) {
    const input = operation === 'embeddings' ? p.inputs : p.messages;
    if (input !== undefined) attrs[ATTR_LLM_MESSAGES] = deferCapture(input, capture.maxInputLength, capture.redact);
  }
  return attrs;
}

/** `usage` in neutral terms. */
export function readMistralUsage(usage: MistralUsage | null | undefined): NormalizedUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  return {
    input: num(usage.promptTokens),
    output: num(usage.completionTokens),
    total: num(usage.totalTokens),
    cached: num(usage.promptTokensDetails?.cachedTokens),
  };
}

/** Message content as text: a string, or the text of its `{ type: 'text', text }` chunks. */
export function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const texts = (content as { text?: unknown }[]).map((c) => c?.text).filter((t) => typeof t === 'string');
  return texts.length > 0 ? texts.join('') : undefined;
}

/** A tool call as a neutral one (arguments may arrive as a string or an object). */
export function toolCallOf(call: MistralToolCall): NeutralToolCall {
  const args = call.function?.arguments;
  let text: string | undefined;
  try {
    text = typeof args === 'string' || args === undefined ? (args as string | undefined) : JSON.stringify(args);
  } catch {
    text = undefined;
  }
  return { id: str(call.id), name: str(call.function?.name), arguments: text };
}

/** Reads a chat completion (or a `parse()` result) into a summary. */
export function summarizeChat(body: unknown): ResultSummary {
  const r = (typeof body === 'object' && body !== null ? body : {}) as MistralResponse;
  const choice = r.choices?.[0];
  const calls = choice?.message?.toolCalls;
  const summary: ResultSummary = {
    id: str(r.id),
    model: str(r.model),
    finishReason: str(choice?.finishReason),
    usage: readMistralUsage(r.usage),
    text: contentText(choice?.message?.content),
  };
  if (Array.isArray(calls) && calls.length > 0) summary.toolCalls = calls.map(toolCallOf);
  return summary;
}

/** Reads an embeddings result: usage plus the vector count and size. */
export function summarizeEmbeddings(body: unknown): ResultSummary {
  const r = (typeof body === 'object' && body !== null ? body : {}) as MistralResponse;
  const first = r.data?.[0]?.embedding;
  return {
    id: str(r.id),
    model: str(r.model),
    usage: readMistralUsage(r.usage),
    extra: {
      [ATTR_LLM_EMBEDDING_COUNT]: Array.isArray(r.data) ? r.data.length : undefined,
      [ATTR_LLM_EMBEDDING_DIMENSIONS]: Array.isArray(first) ? first.length : undefined,
    },
  };
}
