/**
 * Pure mappers: Anthropic request parameters → span attributes, and message bodies → a
 * `ResultSummary`. No span or client access here, so each is unit-tested on plain objects.
 */
import {
  ATTR_LLM_COUNTED_INPUT_TOKENS,
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
import { llmSpanName, type NeutralToolCall, type ResultSummary } from '../genai/result.js';
import { readTokenUsage, type AttributeBag } from '../genai/usage.js';
import { ANTHROPIC_PROVIDER, type AnthropicOperation } from './constants.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicRequestParams } from './internal-types.js';

/** The span name, OpenTelemetry GenAI style: `{operation} {model}`. */
export const spanName: (operation: AnthropicOperation, model: unknown) => string = llmSpanName;

/** The prompt as one list of messages: the `system` prompt (string or text blocks) first. */
export function requestInput(p: AnthropicRequestParams): unknown {
  if (p.system === undefined || p.system === null) return p.messages;
  const messages = Array.isArray(p.messages) ? (p.messages as unknown[]) : p.messages === undefined ? [] : [p.messages];
  return [{ role: 'system', content: p.system }, ...messages];
}

function toolNames(tools: AnthropicRequestParams['tools']): string[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((t) => String(t?.name ?? t?.type ?? 'tool'));
}

/** Attributes known before the call: model, provider, operation, parameters, captured input. */
export function requestAttributes(operation: AnthropicOperation, params: unknown, capture: CallCapture): AttributeBag {
  const p = (typeof params === 'object' && params !== null ? params : {}) as AnthropicRequestParams;
  const attrs: AttributeBag = {
    [ATTR_LLM_PROVIDER]: ANTHROPIC_PROVIDER,
    [ATTR_LLM_OPERATION]: operation,
    [ATTR_LLM_MODEL]: str(p.model),
    [ATTR_LLM_TEMPERATURE]: num(p.temperature),
    [ATTR_LLM_TOP_P]: num(p.top_p),
    [ATTR_LLM_MAX_TOKENS]: num(p.max_tokens),
    [ATTR_LLM_STREAMING]: p.stream === true ? true : undefined,
    [ATTR_LLM_TOOLS]: toolNames(p.tools),
  };
  if (capture.inputs) {
    const input = requestInput(p);
    if (input !== undefined) attrs[ATTR_LLM_MESSAGES] = deferCapture(input, capture.maxInputLength, capture.redact);
  }
  return attrs;
}

/** A `tool_use` block as a neutral tool call (its `input` object as JSON text). */
export function toolCallOf(block: AnthropicContentBlock): NeutralToolCall {
  let args: string | undefined;
  try {
    args = block.input === undefined ? undefined : JSON.stringify(block.input);
  } catch {
    args = undefined;
  }
  return { id: block.id, name: block.name, arguments: args };
}

/** Reads a message body (text blocks joined, `tool_use` blocks as tool calls) into a summary. */
export function summarizeMessage(body: unknown): ResultSummary {
  const m = (typeof body === 'object' && body !== null ? body : {}) as AnthropicMessage;
  const summary: ResultSummary = {
    id: str(m.id),
    model: str(m.model),
    finishReason: str(m.stop_reason),
    usage: readTokenUsage(m.usage),
  };
  let text: string | undefined;
  const toolCalls: NeutralToolCall[] = [];
  for (const block of Array.isArray(m.content) ? m.content : []) {
    if (block?.type === 'text' && typeof block.text === 'string') text = (text ?? '') + block.text;
    else if (block?.type === 'tool_use' || block?.type === 'server_tool_use') toolCalls.push(toolCallOf(block));
  }
  summary.text = text;
  if (toolCalls.length > 0) summary.toolCalls = toolCalls;
  return summary;
}

/** What `countTokens` answered: the prompt's size, under its own key so no usage total counts it. */
export function countTokensAttributes(body: unknown): AttributeBag {
  return { [ATTR_LLM_COUNTED_INPUT_TOKENS]: num((body as AnthropicMessage | null)?.input_tokens) };
}
