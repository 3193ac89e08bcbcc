/**
 * The lifecycle events of `ai` 7's telemetry integrations (`onStart`, `onLanguageModelCallEnd`,
 * `onToolExecutionStart`, ...) mapped onto our attributes: pure functions of one event, with the
 * same names the `ai` 5/6 tracer writes (utils.ts), so both versions give the same tree.
 */
import {
  ATTR_LLM_FINISH_REASON,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_LLM_RESPONSE,
  ATTR_LLM_RESPONSE_ID,
  ATTR_LLM_RESPONSE_MODEL,
  ATTR_LLM_STREAMING,
  ATTR_LLM_TIME_TO_FIRST_TOKEN_MS,
  ATTR_LLM_TOOL_CALLS,
  ATTR_LLM_TOOLS,
  ATTR_NOVEUM_SPAN_TYPE,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  ATTR_TOOL_OUTPUT,
} from '../../core/semconv.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import { usageAttributes, type AttributeBag, type NormalizedUsage } from '../genai/usage.js';
import { AI_TOTAL_USAGE_PREFIX } from './constants.js';
import { normalizeProvider } from './utils.js';

/** An event as the SDK hands it over: read field by field, never trusted to have a shape. */
export type AIEvent = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): AIEvent | undefined => (v !== null && typeof v === 'object' ? (v as AIEvent) : undefined);

function captured(value: unknown, on: boolean, max: number, capture: CallCapture): unknown {
  return on && value !== undefined ? deferCapture(value, max, capture.redact) : undefined;
}

/** `LanguageModelUsage` of ai 7 (`inputTokens`, `inputTokenDetails.cacheReadTokens`, ...) or an embedding's `{ tokens }`. */
export function eventUsage(usage: unknown): NormalizedUsage | undefined {
  const u = obj(usage);
  if (u === undefined) return undefined;
  const input = num(u.inputTokens) ?? num(u.tokens);
  const output = num(u.outputTokens);
  if (input === undefined && output === undefined) return undefined;
  const inDetails = obj(u.inputTokenDetails);
  const outDetails = obj(u.outputTokenDetails);
  return {
    input: input ?? 0,
    output: output ?? 0,
    cached: num(inDetails?.cacheReadTokens) || undefined,
    cacheCreation: num(inDetails?.cacheWriteTokens) || undefined,
    reasoning: num(outDetails?.reasoningTokens) || undefined,
  };
}

/** What an operation span (`ai.generateText`, `ai.embed`, ...) starts with. */
export function operationStart(e: AIEvent, capture: CallCapture): AttributeBag {
  return {
    [ATTR_NOVEUM_SPAN_TYPE]: 'operation',
    [ATTR_LLM_PROVIDER]: normalizeProvider(e.provider),
    [ATTR_LLM_MODEL]: str(e.modelId),
    'ai.operationId': str(e.operationId),
    'ai.telemetry.functionId': str(e.functionId),
    'ai.prompt': captured(
      e.prompt ?? e.messages ?? e.value ?? e.values,
      capture.inputs,
      capture.maxInputLength,
      capture
    ),
  };
}

/**
 * What an operation span ends with. The SDK's aggregate (`totalUsage`, or `usage` for one-step
 * operations) is kept under `ai.total_usage.*`, never as our LLM usage: its model-call spans carry
 * the usage, and summing both would count every token twice.
 */
export function operationEnd(e: AIEvent, capture: CallCapture): AttributeBag {
  const out: AttributeBag = {
    [ATTR_LLM_FINISH_REASON]: str(e.finishReason),
    'ai.response': captured(e.text ?? e.object, capture.outputs, capture.maxOutputLength, capture),
  };
  const total = obj(e.totalUsage) ?? obj(e.usage);
  if (total !== undefined) {
    for (const key of ['inputTokens', 'outputTokens', 'totalTokens', 'tokens'])
      if (num(total[key]) !== undefined) out[AI_TOTAL_USAGE_PREFIX + key] = total[key];
  }
  return out;
}

/** The messages sent to the model: ai 7 keeps the system prompt (`instructions`) apart from them. */
function withInstructions(instructions: unknown, messages: unknown): unknown {
  if (instructions === undefined || instructions === null || instructions === '') return messages;
  const system = typeof instructions === 'string' ? [{ role: 'system', content: instructions }] : [instructions].flat();
  return Array.isArray(messages) ? [...system, ...(messages as unknown[])] : system;
}

/** A model call about to start: text/object steps (`chat`) and embedding calls (`embeddings`). */
export function llmStart(
  e: AIEvent,
  operation: 'chat' | 'embeddings',
  stream: boolean,
  capture: CallCapture
): AttributeBag {
  const prompt =
    operation === 'embeddings' ? e.values : withInstructions(e.instructions, e.messages ?? e.promptMessages);
  return {
    [ATTR_NOVEUM_SPAN_TYPE]: 'llm',
    [ATTR_LLM_PROVIDER]: normalizeProvider(e.provider),
    [ATTR_LLM_MODEL]: str(e.modelId),
    [ATTR_LLM_OPERATION]: operation,
    [ATTR_LLM_STREAMING]: stream ? true : undefined,
    [ATTR_LLM_MESSAGES]: captured(prompt, capture.inputs, capture.maxInputLength, capture),
    [ATTR_LLM_TOOLS]: captured(e.tools ?? undefined, capture.inputs, capture.maxInputLength, capture),
  };
}

function textOf(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const parts = content.filter((p) => obj(p)?.type === 'text').map((p) => String((p as AIEvent).text ?? ''));
  return parts.length > 0 ? parts.join('') : undefined;
}

/** A finished model call (`onLanguageModelCallEnd`, `onObjectStepEnd`, `onEmbedEnd`): usage, cost, reply. */
export function llmEnd(e: AIEvent, start: AttributeBag, capture: CallCapture): AttributeBag {
  const response = obj(e.response);
  // The end event of a language-model call names the model the provider answered with.
  const responseModel = str(response?.modelId) ?? (e.finishReason !== undefined ? str(e.modelId) : undefined);
  const performance = obj(e.performance);
  const toolCalls = Array.isArray(e.content) ? e.content.filter((p) => obj(p)?.type === 'tool-call') : [];
  const out: AttributeBag = {
    [ATTR_LLM_RESPONSE_MODEL]: responseModel,
    [ATTR_LLM_RESPONSE_ID]: str(e.responseId) ?? str(response?.id),
    [ATTR_LLM_FINISH_REASON]: str(e.finishReason),
    [ATTR_LLM_TIME_TO_FIRST_TOKEN_MS]: num(performance?.timeToFirstOutputMs) ?? num(e.msToFirstChunk),
    [ATTR_LLM_RESPONSE]: captured(textOf(e.content) ?? e.objectText, capture.outputs, capture.maxOutputLength, capture),
    [ATTR_LLM_TOOL_CALLS]: captured(
      toolCalls.length > 0 ? toolCalls : undefined,
      capture.outputs,
      capture.maxOutputLength,
      capture
    ),
  };
  const provider = typeof start[ATTR_LLM_PROVIDER] === 'string' ? start[ATTR_LLM_PROVIDER] : 'unknown';
  const model = responseModel ?? (typeof start[ATTR_LLM_MODEL] === 'string' ? start[ATTR_LLM_MODEL] : undefined);
  return usageAttributes(provider, model, eventUsage(e.usage), out);
}

/** A tool about to run (`onToolExecutionStart`). */
export function toolStart(e: AIEvent, capture: CallCapture): AttributeBag {
  const call = obj(e.toolCall);
  return {
    [ATTR_NOVEUM_SPAN_TYPE]: 'tool',
    [ATTR_TOOL_NAME]: str(call?.toolName),
    'ai.toolCall.id': str(call?.toolCallId),
    [ATTR_TOOL_INPUT]: captured(call?.input, capture.inputs, capture.maxInputLength, capture),
  };
}

/** A tool's result (`onToolExecutionEnd`); the error, when it failed, is returned apart. */
export function toolEnd(e: AIEvent, capture: CallCapture): { attributes: AttributeBag; error?: unknown } {
  const output = obj(e.toolOutput);
  const attributes = {
    [ATTR_TOOL_OUTPUT]: captured(output?.output, capture.outputs, capture.maxOutputLength, capture),
  };
  return output?.type === 'tool-error' ? { attributes, error: output.error } : { attributes };
}
