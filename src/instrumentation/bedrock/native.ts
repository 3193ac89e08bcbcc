/**
 * InvokeModel speaks each model family's own JSON: Anthropic Messages, Amazon Nova (Converse-like),
 * Meta Llama and Mistral (`prompt` → `generation` / `outputs`), OpenAI-style `choices`, Amazon
 * Titan (`inputText` → `results`). These pure readers map the families we know to span
 * attributes and a `ResultSummary`; an unknown shape just records no output.
 */
import {
  ATTR_LLM_EMBEDDING_DIMENSIONS,
  ATTR_LLM_MAX_TOKENS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_TEMPERATURE,
  ATTR_LLM_TOP_P,
} from '../../core/semconv.js';
import { finiteNumber as num, stringValue as str } from '../../internal/read-value.js';
import { readTokenUsage } from '../../api/token-usage.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';

// Bodies of several model families, each field read defensively (typeof checks, `str`/`num`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Json = Record<string, any>;

const decoder = new TextDecoder();

/** A JSON body given as a string, bytes or an object; undefined when it is not JSON. */
export function parseBody(body: unknown): Json | undefined {
  try {
    if (typeof body === 'string') return JSON.parse(body) as Json;
    if (body instanceof Uint8Array) return JSON.parse(decoder.decode(body)) as Json;
  } catch {
    return undefined;
  }
  return typeof body === 'object' && body !== null ? (body as Json) : undefined;
}

/** Text blocks (`{ text }` or `{ type: 'text', text }`) joined, or the content as it is. */
function contentText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  return content.every((b: Json) => typeof b?.text === 'string') ? content.map((b: Json) => b.text).join('') : content;
}

/** The prompt of a native request body as one list of messages. */
export function nativeInput(body: Json): unknown[] | undefined {
  if (Array.isArray(body.messages)) {
    const out: unknown[] = [];
    if (body.system !== undefined && body.system !== null)
      out.push({ role: 'system', content: contentText(body.system) });
    for (const m of body.messages as Json[]) out.push({ role: m?.role, content: contentText(m?.content) });
    return out;
  }
  const prompt = str(body.prompt) ?? str(body.inputText);
  return prompt === undefined ? undefined : [{ role: 'user', content: prompt }];
}

/** Parameters and captured input of an InvokeModel command's `body`. */
export function nativeRequest(commandInput: unknown, capture: CallCapture): AttributeBag {
  const body = parseBody((commandInput as { body?: unknown } | null)?.body);
  if (body === undefined) return {};
  const config: Json = body.inferenceConfig ?? body.textGenerationConfig ?? {};
  const attrs: AttributeBag = {
    [ATTR_LLM_TEMPERATURE]: num(body.temperature) ?? num(config.temperature),
    [ATTR_LLM_TOP_P]: num(body.top_p) ?? num(config.topP) ?? num(config.top_p),
    [ATTR_LLM_MAX_TOKENS]:
      num(body.max_tokens) ??
      num(body.max_gen_len) ??
      num(config.maxTokens) ??
      num(config.max_new_tokens) ??
      num(config.maxTokenCount),
  };
  const input = capture.inputs ? nativeInput(body) : undefined;
  if (input !== undefined) attrs[ATTR_LLM_MESSAGES] = deferCapture(input, capture.maxInputLength, capture.redact);
  return attrs;
}

function usageOf(input: unknown, output: unknown): NormalizedUsage | undefined {
  const i = num(input);
  const o = num(output);
  return i === undefined && o === undefined ? undefined : { input: i, output: o };
}

/** Nova's usage (`cacheReadInputTokenCount` etc. are reported beside `inputTokens`). */
function novaUsage(u: Json | undefined): NormalizedUsage | undefined {
  if (typeof u !== 'object' || u === null) return undefined;
  const read = num(u.cacheReadInputTokenCount);
  const write = num(u.cacheWriteInputTokenCount);
  const raw = num(u.inputTokens);
  const input = raw === undefined ? undefined : raw + (read ?? 0) + (write ?? 0);
  return { input, output: num(u.outputTokens), total: num(u.totalTokens), cached: read, cacheCreation: write };
}

function blocks(content: unknown): { text: string | undefined; toolCalls: NeutralToolCall[] } {
  let text: string | undefined;
  const toolCalls: NeutralToolCall[] = [];
  for (const b of Array.isArray(content) ? (content as Json[]) : []) {
    if (typeof b?.text === 'string' && (b.type === undefined || b.type === 'text')) text = (text ?? '') + b.text;
    const tool: Json | undefined = b?.type === 'tool_use' ? { id: b.id, name: b.name, input: b.input } : b?.toolUse;
    if (tool !== undefined && tool !== null) {
      let args: string | undefined;
      try {
        args = JSON.stringify(tool.input);
      } catch {
        args = undefined;
      }
      toolCalls.push({ id: str(tool.id ?? tool.toolUseId), name: str(tool.name), arguments: args });
    }
  }
  return { text, toolCalls };
}

/** Reads an InvokeModel response body of a known family into a summary. */
export function summarizeNative(body: Json | undefined): ResultSummary {
  if (body === undefined) return {};
  let summary: ResultSummary = {};
  if (Array.isArray(body.content)) {
    const { text, toolCalls } = blocks(body.content);
    summary = {
      id: str(body.id),
      model: str(body.model),
      finishReason: str(body.stop_reason),
      usage: readTokenUsage(body.usage),
      text,
    };
    if (toolCalls.length > 0) summary.toolCalls = toolCalls;
  } else if (typeof body.output === 'object' && body.output?.message) {
    const { text, toolCalls } = blocks(body.output.message.content);
    summary = { finishReason: str(body.stopReason), usage: novaUsage(body.usage), text };
    if (toolCalls.length > 0) summary.toolCalls = toolCalls;
  } else if (typeof body.generation === 'string') {
    summary = {
      text: body.generation,
      finishReason: str(body.stop_reason),
      usage: usageOf(body.prompt_token_count, body.generation_token_count),
    };
  } else if (Array.isArray(body.outputs)) {
    summary = { text: str(body.outputs[0]?.text), finishReason: str(body.outputs[0]?.stop_reason) };
  } else if (Array.isArray(body.choices)) {
    const c: Json = body.choices[0] ?? {};
    summary = {
      id: str(body.id),
      text: str(c.message?.content),
      finishReason: str(c.finish_reason),
      usage: readTokenUsage(body.usage),
    };
  } else if (Array.isArray(body.results)) {
    const r: Json = body.results[0] ?? {};
    summary = {
      text: str(r.outputText),
      finishReason: str(r.completionReason),
      usage: usageOf(body.inputTextTokenCount, r.tokenCount),
    };
  } else if (Array.isArray(body.embedding)) {
    summary = {
      usage: usageOf(body.inputTextTokenCount, 0),
      extra: { [ATTR_LLM_EMBEDDING_DIMENSIONS]: body.embedding.length },
    };
  }
  return summary;
}

/** Text, finish reason and usage pieces one native stream chunk carries (any family). */
export interface NativeChunk {
  text?: string | undefined;
  toolStart?: NeutralToolCall | undefined;
  toolInput?: string | undefined;
  finishReason?: string | undefined;
  usage?: Partial<NormalizedUsage> | undefined;
  id?: string | undefined;
  model?: string | undefined;
}

function anthropicChunk(e: Json): NativeChunk {
  switch (e.type) {
    case 'message_start':
      return { id: str(e.message?.id), model: str(e.message?.model), usage: readTokenUsage(e.message?.usage) };
    case 'content_block_start':
      return e.content_block?.type === 'tool_use'
        ? { toolStart: { id: str(e.content_block.id), name: str(e.content_block.name) } }
        : {};
    case 'content_block_delta':
      return e.delta?.type === 'input_json_delta'
        ? { toolInput: str(e.delta.partial_json) }
        : { text: str(e.delta?.text) };
    case 'message_delta':
      return { finishReason: str(e.delta?.stop_reason), usage: { output: num(e.usage?.output_tokens) } };
    default:
      return {};
  }
}

/** Reads one decoded chunk of an InvokeModelWithResponseStream body. */
export function readNativeChunk(e: Json): NativeChunk {
  const chunk: NativeChunk = typeof e.type === 'string' ? anthropicChunk(e) : {};
  if (e.contentBlockDelta) chunk.text = str(e.contentBlockDelta.delta?.text);
  else if (e.messageStop) chunk.finishReason = str(e.messageStop.stopReason);
  else if (typeof e.generation === 'string') {
    chunk.text = e.generation;
    chunk.finishReason = str(e.stop_reason);
  } else if (Array.isArray(e.outputs)) {
    chunk.text = str(e.outputs[0]?.text);
    chunk.finishReason = str(e.outputs[0]?.stop_reason);
  } else if (Array.isArray(e.choices)) {
    chunk.text = str(e.choices[0]?.delta?.content ?? e.choices[0]?.message?.content);
    chunk.finishReason = str(e.choices[0]?.finish_reason) ?? chunk.finishReason;
  } else if (typeof e.outputText === 'string') {
    chunk.text = e.outputText;
    chunk.finishReason = str(e.completionReason);
  }
  // Bedrock appends its own counts to the last chunk of every family: the authoritative usage.
  const metrics: Json | undefined = e['amazon-bedrock-invocationMetrics'];
  if (metrics !== undefined)
    chunk.usage = { input: num(metrics.inputTokenCount), output: num(metrics.outputTokenCount) };
  return chunk;
}
