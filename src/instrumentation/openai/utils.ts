/**
 * Pure mappers: OpenAI request parameters → span attributes, and response bodies → span
 * attributes. No span or client access here, so each is unit-tested on plain objects.
 */
import {
  ATTR_LLM_EMBEDDING_COUNT,
  ATTR_LLM_EMBEDDING_DIMENSIONS,
  ATTR_LLM_IMAGE_COUNT,
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
import { llmSpanName, resultAttributes, type NeutralToolCall, type ResultSummary } from '../genai/result.js';
import { readTokenUsage, type AttributeBag, type NormalizedUsage } from '../genai/usage.js';
import { OPENAI_PROVIDER, type OpenAIOperation } from './constants.js';
import type { ChatUsage, OpenAIRequestParams, OpenAIResult, OpenAIToolCall, ResponsesUsage } from './internal-types.js';

/** The span name, OpenTelemetry GenAI style: `{operation} {model}`. */
export const spanName: (operation: OpenAIOperation, model: unknown) => string = llmSpanName;

/** The prompt as a list of messages (Responses `instructions` become a system message). */
export function requestInput(operation: OpenAIOperation, p: OpenAIRequestParams): unknown {
  switch (operation) {
    case 'chat':
      return p.messages;
    case 'responses': {
      const input = typeof p.input === 'string' ? [{ role: 'user', content: p.input }] : p.input;
      if (typeof p.instructions !== 'string') return input;
      return [
        { role: 'system', content: p.instructions },
        ...(Array.isArray(input) ? input : input === undefined ? [] : [input]),
      ];
    }
    case 'embeddings':
      return p.input;
    case 'images':
    case 'completions':
      return p.prompt;
  }
}

function toolNames(tools: unknown): string[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((t: OpenAIRequestParams['tools'] extends readonly (infer T)[] | undefined ? T : never) =>
    String(t?.function?.name ?? t?.name ?? t?.type ?? 'tool')
  );
}

/** Attributes known before the call: model, provider, operation, parameters, captured input. */
export function requestAttributes(operation: OpenAIOperation, params: unknown, capture: CallCapture): AttributeBag {
  const p = (typeof params === 'object' && params !== null ? params : {}) as OpenAIRequestParams;
  // Assignments, not an object literal with computed keys: V8 builds such a literal through a
  // runtime call per key (the keys are imported constants), a visible cost on every call.
  const attrs: AttributeBag = {};
  attrs[ATTR_LLM_PROVIDER] = OPENAI_PROVIDER;
  attrs[ATTR_LLM_OPERATION] = operation;
  attrs[ATTR_LLM_MODEL] = str(p.model);
  attrs[ATTR_LLM_TEMPERATURE] = num(p.temperature);
  attrs[ATTR_LLM_TOP_P] = num(p.top_p);
  attrs[ATTR_LLM_MAX_TOKENS] = num(p.max_tokens) ?? num(p.max_completion_tokens) ?? num(p.max_output_tokens);
  attrs[ATTR_LLM_STREAMING] = p.stream === true ? true : undefined;
  attrs[ATTR_LLM_TOOLS] = toolNames(p.tools);
  if (capture.inputs) {
    const input = requestInput(operation, p);
    if (input !== undefined) attrs[ATTR_LLM_MESSAGES] = deferCapture(input, capture.maxInputLength, capture.redact);
  }
  return attrs;
}

/** Usage of Chat Completions / legacy Completions (`prompt_tokens`) or Responses (`input_tokens`) bodies. */
export function normalizeUsage(usage: (ChatUsage & ResponsesUsage) | null | undefined): NormalizedUsage | undefined {
  return readTokenUsage(usage);
}

function chatToolCalls(calls: readonly OpenAIToolCall[] | undefined): NeutralToolCall[] {
  return (calls ?? []).map((c) => ({ id: c.id, name: c.function?.name, arguments: c.function?.arguments }));
}

/** Reads a response body of `operation` into a summary (built directly: this runs once per call). */
export function summarizeResult(operation: OpenAIOperation, body: unknown): ResultSummary {
  const r = (typeof body === 'object' && body !== null ? body : {}) as OpenAIResult;
  const summary: ResultSummary = { id: str(r.id), model: str(r.model), usage: normalizeUsage(r.usage) };
  switch (operation) {
    case 'chat': {
      const choice = r.choices?.[0];
      summary.finishReason = choice?.finish_reason ?? undefined;
      summary.text = choice?.message?.content ?? choice?.message?.refusal ?? undefined;
      const calls = choice?.message?.tool_calls;
      if (calls !== undefined && calls !== null && calls.length > 0) summary.toolCalls = chatToolCalls(calls);
      return summary;
    }
    case 'completions':
      summary.finishReason = r.choices?.[0]?.finish_reason ?? undefined;
      summary.text = r.choices?.[0]?.text;
      return summary;
    case 'responses':
      return summarizeResponse(r, summary);
    case 'embeddings': {
      const first = r.data?.[0]?.embedding;
      summary.extra = {
        [ATTR_LLM_EMBEDDING_COUNT]: r.data?.length,
        [ATTR_LLM_EMBEDDING_DIMENSIONS]: Array.isArray(first) ? first.length : undefined,
      };
      return summary;
    }
    case 'images': {
      const prompts = (r.data ?? []).map((d) => d.revised_prompt).filter((p): p is string => typeof p === 'string');
      summary.text = prompts.length > 0 ? prompts.join('\n') : undefined;
      summary.extra = { [ATTR_LLM_IMAGE_COUNT]: r.data?.length };
      return summary;
    }
  }
}

function summarizeResponse(r: OpenAIResult, summary: ResultSummary): ResultSummary {
  const items = r.output ?? [];
  const text =
    typeof r.output_text === 'string'
      ? r.output_text
      : items.flatMap((i) => (i.type === 'message' ? (i.content ?? []).map((c) => c.text ?? '') : [])).join('');
  const toolCalls = items
    .filter((i) => i.type === 'function_call')
    .map((i) => ({ id: i.call_id ?? i.id, name: i.name, arguments: i.arguments }));
  const finishReason = r.incomplete_details?.reason ?? str(r.status);
  summary.text = text === '' && toolCalls.length > 0 ? undefined : text;
  summary.toolCalls = toolCalls;
  summary.finishReason = finishReason;
  return summary;
}

/** Convenience for a plain (non-streamed) result; writes into `into` when given. */
export function responseAttributes(
  operation: OpenAIOperation,
  body: unknown,
  requestModel: string | undefined,
  capture: CallCapture,
  into: AttributeBag = {}
): AttributeBag {
  return resultAttributes(OPENAI_PROVIDER, summarizeResult(operation, body), requestModel, capture, into);
}
