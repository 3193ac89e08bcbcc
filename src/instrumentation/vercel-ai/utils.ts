/**
 * The AI SDK's telemetry spans (`ai.generateText`, `ai.generateText.doGenerate`, `ai.toolCall`,
 * ...) and their `ai.*` attributes, mapped onto our span types and attribute names. Pure functions
 * of the attributes the SDK set, applied once when a span ends.
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
  type SpanType,
} from '../../core/semconv.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import { usageAttributes, type AttributeBag, type NormalizedUsage } from '../genai/usage.js';
import { AI_TOTAL_USAGE_PREFIX } from './constants.js';

/** What one AI SDK span becomes: our span type, kind and the step's operation. */
export interface SpanRole {
  readonly type: SpanType;
  readonly kind: 'client' | 'internal';
  /** `chat` or `embeddings` for a model call (`doGenerate`, `doStream`, `doEmbed`). */
  readonly operation?: 'chat' | 'embeddings';
  readonly stream: boolean;
}

/** The role of an AI SDK span by its name (`ai.streamText.doStream` → a streamed LLM call). */
export function spanRole(name: string): SpanRole {
  if (name === 'ai.toolCall') return { type: 'tool', kind: 'internal', stream: false };
  if (name.endsWith('.doGenerate')) return { type: 'llm', kind: 'client', operation: 'chat', stream: false };
  if (name.endsWith('.doStream')) return { type: 'llm', kind: 'client', operation: 'chat', stream: true };
  if (name.endsWith('.doEmbed')) return { type: 'llm', kind: 'client', operation: 'embeddings', stream: false };
  return { type: 'operation', kind: 'internal', stream: false };
}

/** `openai.chat` / `openai.responses` → `openai`: the provider our price table and views know. */
export function normalizeProvider(provider: unknown): string | undefined {
  if (typeof provider !== 'string' || provider === '') return undefined;
  const dot = provider.indexOf('.');
  return dot > 0 ? provider.slice(0, dot) : provider;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A step's usage: v5/v6 `inputTokens`/`outputTokens`, or `promptTokens`/`completionTokens` (objects). */
export function stepUsage(a: Readonly<Record<string, unknown>>): NormalizedUsage | undefined {
  const input = num(a['ai.usage.inputTokens']) ?? num(a['ai.usage.promptTokens']) ?? num(a['ai.usage.tokens']);
  const output = num(a['ai.usage.outputTokens']) ?? num(a['ai.usage.completionTokens']);
  if (input === undefined && output === undefined) return undefined;
  return {
    input: input ?? 0,
    output: output ?? 0,
    cached: num(a['ai.usage.cachedInputTokens']) ?? num(a['ai.usage.inputTokenDetails.cacheReadTokens']),
    cacheCreation: num(a['ai.usage.inputTokenDetails.cacheWriteTokens']),
    reasoning: num(a['ai.usage.reasoningTokens']),
  };
}

function captured(value: unknown, on: boolean, max: number, capture: CallCapture): unknown {
  return on && value !== undefined ? deferCapture(value, max, capture.redact) : undefined;
}

/** Attributes of a model-call step (`doGenerate`/`doStream`/`doEmbed`). */
function llmAttributes(a: Readonly<Record<string, unknown>>, role: SpanRole, capture: CallCapture): AttributeBag {
  const provider = normalizeProvider(a['ai.model.provider']);
  const model = typeof a['ai.model.id'] === 'string' ? a['ai.model.id'] : undefined;
  const responseModel = typeof a['ai.response.model'] === 'string' ? a['ai.response.model'] : undefined;
  const out: AttributeBag = {
    [ATTR_NOVEUM_SPAN_TYPE]: 'llm',
    [ATTR_LLM_PROVIDER]: provider,
    [ATTR_LLM_MODEL]: model,
    [ATTR_LLM_OPERATION]: role.operation,
    [ATTR_LLM_STREAMING]: role.stream ? true : undefined,
    [ATTR_LLM_RESPONSE_MODEL]: responseModel,
    [ATTR_LLM_RESPONSE_ID]: a['ai.response.id'],
    [ATTR_LLM_FINISH_REASON]: a['ai.response.finishReason'],
    [ATTR_LLM_TIME_TO_FIRST_TOKEN_MS]: num(a['ai.response.msToFirstChunk']) ?? num(a['ai.stream.msToFirstChunk']),
    [ATTR_LLM_MESSAGES]: captured(
      a['ai.prompt.messages'] ?? a['ai.values'],
      capture.inputs,
      capture.maxInputLength,
      capture
    ),
    [ATTR_LLM_TOOLS]: captured(a['ai.prompt.tools'], capture.inputs, capture.maxInputLength, capture),
    [ATTR_LLM_RESPONSE]: captured(
      a['ai.response.text'] ?? a['ai.response.object'],
      capture.outputs,
      capture.maxOutputLength,
      capture
    ),
    [ATTR_LLM_TOOL_CALLS]: captured(a['ai.response.toolCalls'], capture.outputs, capture.maxOutputLength, capture),
  };
  usageAttributes(provider ?? 'unknown', responseModel ?? model, stepUsage(a), out);
  return out;
}

function toolAttributes(a: Readonly<Record<string, unknown>>, capture: CallCapture): AttributeBag {
  return {
    [ATTR_NOVEUM_SPAN_TYPE]: 'tool',
    [ATTR_TOOL_NAME]: a['ai.toolCall.name'],
    [ATTR_TOOL_INPUT]: captured(a['ai.toolCall.args'], capture.inputs, capture.maxInputLength, capture),
    [ATTR_TOOL_OUTPUT]: captured(a['ai.toolCall.result'], capture.outputs, capture.maxOutputLength, capture),
  };
}

/**
 * An operation (root) span: the SDK's aggregated `ai.usage.*` is kept, renamed under
 * `ai.total_usage.*`, never as our LLM usage: its steps carry the usage, and summing both would
 * count every token twice. The model and provider stay as context.
 */
function operationAttributes(a: Readonly<Record<string, unknown>>, capture: CallCapture): AttributeBag {
  const out: AttributeBag = {
    [ATTR_NOVEUM_SPAN_TYPE]: 'operation',
    [ATTR_LLM_PROVIDER]: normalizeProvider(a['ai.model.provider']),
    [ATTR_LLM_MODEL]: a['ai.model.id'],
    [ATTR_LLM_FINISH_REASON]: a['ai.response.finishReason'],
    'ai.prompt': captured(
      a['ai.prompt'] ?? a['ai.value'] ?? a['ai.values'],
      capture.inputs,
      capture.maxInputLength,
      capture
    ),
    'ai.response': captured(
      a['ai.response.text'] ?? a['ai.response.object'],
      capture.outputs,
      capture.maxOutputLength,
      capture
    ),
  };
  return out;
}

// The SDK's own keys that are copied as they are (ids, settings, metadata), not content.
const PASS_THROUGH_KEYS = new Set(['ai.operationId', 'ai.telemetry.functionId', 'ai.toolCall.id']);
const PASS_THROUGH_PREFIXES = ['ai.settings.', 'ai.telemetry.metadata.'];
const USAGE_PREFIX = 'ai.usage.';

function passesThrough(key: string): boolean {
  if (PASS_THROUGH_KEYS.has(key)) return true;
  for (let i = 0; i < PASS_THROUGH_PREFIXES.length; i++) if (key.startsWith(PASS_THROUGH_PREFIXES[i]!)) return true;
  return false;
}

/**
 * Copies the pass-through keys into `into`, and on an operation span its `ai.usage.*` under
 * `ai.total_usage.*`: one pass over the SDK's keys, no closure per key (this runs per span).
 */
function passThrough(a: Readonly<Record<string, unknown>>, into: AttributeBag, operation: boolean): AttributeBag {
  for (const key in a) {
    // Every key copied starts with `ai.`; the SDK also sets `gen_ai.*` and `operation.name`.
    if (!key.startsWith('ai.')) continue;
    if (operation && key.startsWith(USAGE_PREFIX))
      into[AI_TOTAL_USAGE_PREFIX + key.slice(USAGE_PREFIX.length)] = a[key];
    else if (passesThrough(key)) into[key] = a[key];
  }
  return into;
}

/** Our attributes for an AI SDK span with `attributes` (as the SDK set them), once it ends. */
export function mapAttributes(
  role: SpanRole,
  attributes: Readonly<Record<string, unknown>>,
  capture: CallCapture
): AttributeBag {
  const mapped =
    role.type === 'llm'
      ? llmAttributes(attributes, role, capture)
      : role.type === 'tool'
        ? toolAttributes(attributes, capture)
        : operationAttributes(attributes, capture);
  return passThrough(attributes, mapped, role.type === 'operation');
}

/** Our span name: `chat gpt-4o-mini`, `tool get_weather`, or the SDK's (`ai.generateText`). */
export function spanName(name: string, role: SpanRole, a: Readonly<Record<string, unknown>>): string {
  if (role.type === 'llm') {
    const model = a['ai.model.id'];
    return typeof model === 'string' && model !== '' ? `${role.operation ?? 'chat'} ${model}` : name;
  }
  if (role.type === 'tool') {
    const tool = a['ai.toolCall.name'];
    return typeof tool === 'string' && tool !== '' ? `tool ${tool}` : name;
  }
  const fn = a['ai.telemetry.functionId'];
  return typeof fn === 'string' && fn !== '' ? `${name} ${fn}` : name;
}
