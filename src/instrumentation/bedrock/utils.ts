/**
 * Pure mappers for the Converse API: command input → span attributes, output → `ResultSummary`,
 * plus the command dispatch. No span or client access here, so each is unit-tested on plain objects.
 */
import {
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
import { BEDROCK_COMMANDS, BEDROCK_PROVIDER, type BedrockCommandKind } from './constants.js';
import type { ConverseContentBlock, ConverseInput, ConverseOutput, ConverseUsage } from './internal-types.js';
import { nativeRequest } from './native.js';

/** What `command` is, or undefined for a command this integration does not trace. */
export function commandKind(command: unknown): BedrockCommandKind | undefined {
  if (typeof command !== 'object' || command === null) return undefined;
  const name = (command as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && Object.hasOwn(BEDROCK_COMMANDS, name)
    ? BEDROCK_COMMANDS[name as keyof typeof BEDROCK_COMMANDS]
    : undefined;
}

/** Converse messages (`content` blocks; text-only ones joined) with the `system` blocks first. */
export function converseInput(input: ConverseInput): unknown[] {
  const out: unknown[] = [];
  if (Array.isArray(input.system) && input.system.length > 0)
    out.push({ role: 'system', content: blocksText(input.system) });
  for (const m of Array.isArray(input.messages) ? (input.messages as { role?: unknown; content?: unknown }[]) : []) {
    out.push({ role: m?.role, content: blocksText(m?.content) });
  }
  return out;
}

/** Text blocks joined into one string, or the blocks themselves when any is not text. */
function blocksText(blocks: unknown): unknown {
  if (!Array.isArray(blocks)) return blocks;
  const list = blocks as ConverseContentBlock[];
  return list.every((b) => typeof b?.text === 'string') ? list.map((b) => b.text).join('') : list;
}

function converseAttributes(input: ConverseInput, capture: CallCapture): AttributeBag {
  const config = input.inferenceConfig ?? {};
  const tools = input.toolConfig?.tools?.map((t) => String(t?.toolSpec?.name ?? 'tool'));
  const attrs: AttributeBag = {
    [ATTR_LLM_TEMPERATURE]: num(config.temperature),
    [ATTR_LLM_TOP_P]: num(config.topP),
    [ATTR_LLM_MAX_TOKENS]: num(config.maxTokens),
    [ATTR_LLM_TOOLS]: tools !== undefined && tools.length > 0 ? tools : undefined,
  };
  if (capture.inputs)
    attrs[ATTR_LLM_MESSAGES] = deferCapture(converseInput(input), capture.maxInputLength, capture.redact);
  return attrs;
}

/** Attributes known before the call: model, provider, operation, parameters, captured input. */
export function requestAttributes(kind: BedrockCommandKind, commandInput: unknown, capture: CallCapture): AttributeBag {
  const input = (typeof commandInput === 'object' && commandInput !== null ? commandInput : {}) as ConverseInput;
  const attrs: AttributeBag = {
    [ATTR_LLM_PROVIDER]: BEDROCK_PROVIDER,
    [ATTR_LLM_OPERATION]: 'chat',
    [ATTR_LLM_MODEL]: str(input.modelId),
    [ATTR_LLM_STREAMING]: kind.stream ? true : undefined,
  };
  const more = kind.api === 'converse' ? converseAttributes(input, capture) : nativeRequest(commandInput, capture);
  return Object.assign(attrs, more);
}

/** Converse usage in neutral terms: the input total includes cache reads and writes. */
export function readConverseUsage(usage: ConverseUsage | null | undefined): NormalizedUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const raw = num(usage.inputTokens);
  const read = num(usage.cacheReadInputTokens);
  const write = num(usage.cacheWriteInputTokens);
  const input = raw === undefined ? undefined : raw + (read ?? 0) + (write ?? 0);
  return { input, output: num(usage.outputTokens), total: num(usage.totalTokens), cached: read, cacheCreation: write };
}

/** A `toolUse` block as a neutral tool call (its `input` as JSON text). */
export function toolCallOf(toolUse: NonNullable<ConverseContentBlock['toolUse']>): NeutralToolCall {
  let args: string | undefined;
  try {
    args = typeof toolUse.input === 'string' ? toolUse.input : JSON.stringify(toolUse.input);
  } catch {
    args = undefined;
  }
  return { id: str(toolUse.toolUseId), name: str(toolUse.name), arguments: args };
}

/** Reads a Converse output into a summary. */
export function summarizeConverse(output: unknown): ResultSummary {
  const o = (typeof output === 'object' && output !== null ? output : {}) as ConverseOutput;
  let text: string | undefined;
  const toolCalls: NeutralToolCall[] = [];
  for (const block of o.output?.message?.content ?? []) {
    if (typeof block?.text === 'string') text = (text ?? '') + block.text;
    else if (typeof block?.toolUse === 'object' && block.toolUse !== null) toolCalls.push(toolCallOf(block.toolUse));
  }
  const summary: ResultSummary = { finishReason: str(o.stopReason), usage: readConverseUsage(o.usage), text };
  if (toolCalls.length > 0) summary.toolCalls = toolCalls;
  return summary;
}
