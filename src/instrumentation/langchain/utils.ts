/**
 * LangChain callback payloads → span names and attributes. Pure functions over duck-typed
 * shapes (serialized runnables, `BaseMessage`, `LLMResult`, `Document`): nothing from
 * `@langchain/core` is imported.
 */
import {
  ATTR_LLM_MAX_TOKENS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_LLM_TEMPERATURE,
  ATTR_LLM_TOP_P,
  ATTR_RETRIEVAL_DOCUMENTS,
  ATTR_RETRIEVAL_QUERY,
  ATTR_RETRIEVAL_RESULTS_COUNT,
  ATTR_RETRIEVAL_SOURCE,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  ATTR_TOOL_OUTPUT,
} from '../../core/semconv.js';
import { finiteNumber } from '../../internal/read-value.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import type { NeutralToolCall, ResultSummary } from '../genai/result.js';
import type { AttributeBag, NormalizedUsage } from '../genai/usage.js';
import { PROVIDER_BY_CLASS } from './constants.js';
import type { LlmResultLike, MessageLike, SerializedLike } from './internal-types.js';
import type { RunKind } from './runs.js';

type Bag = Record<string, unknown>;

function asBag(value: unknown): Bag | undefined {
  return typeof value === 'object' && value !== null ? (value as Bag) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The class name of a serialized runnable (`ChatOpenAI`, `RunnableSequence`). */
export function classNameOf(serialized: SerializedLike | undefined): string | undefined {
  const id = serialized?.id;
  return Array.isArray(id) ? str(id[id.length - 1]) : undefined;
}

/** The name a run is shown with: the run name given by the app or graph, else the class name. */
export function runNameOf(serialized: SerializedLike | undefined, runName: unknown, fallback: string): string {
  return str(runName) ?? str(serialized?.name) ?? classNameOf(serialized) ?? fallback;
}

/** The requested model of a model run, from the invocation params or the constructor fields. */
export function modelOf(serialized: SerializedLike | undefined, extra: unknown, metadata: unknown): string | undefined {
  const params = asBag(asBag(extra)?.['invocation_params']);
  const kwargs = asBag(serialized?.kwargs);
  return (
    str(params?.['model']) ??
    str(params?.['model_name']) ??
    str(kwargs?.['model']) ??
    str(kwargs?.['model_name']) ??
    str(asBag(metadata)?.['ls_model_name'])
  );
}

/** The provider of a model run: LangChain's `ls_provider` metadata, else known class names. */
export function providerOf(serialized: SerializedLike | undefined, metadata: unknown): string | undefined {
  const className = classNameOf(serialized);
  return (className !== undefined ? PROVIDER_BY_CLASS[className] : undefined) ?? str(asBag(metadata)?.['ls_provider']);
}

/** Request attributes of a model run (model, provider, sampling params). */
export function modelRequestAttributes(
  operation: string,
  serialized: SerializedLike | undefined,
  extra: unknown,
  metadata: unknown
): AttributeBag {
  const params = asBag(asBag(extra)?.['invocation_params']) ?? {};
  return {
    [ATTR_LLM_OPERATION]: operation,
    [ATTR_LLM_MODEL]: modelOf(serialized, extra, metadata),
    [ATTR_LLM_PROVIDER]: providerOf(serialized, metadata),
    [ATTR_LLM_TEMPERATURE]: finiteNumber(params['temperature']),
    [ATTR_LLM_MAX_TOKENS]: finiteNumber(params['max_tokens']) ?? finiteNumber(params['max_completion_tokens']),
    [ATTR_LLM_TOP_P]: finiteNumber(params['top_p']),
  };
}

const ROLE_BY_TYPE: Readonly<Record<string, string>> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  tool: 'tool',
  function: 'function',
  developer: 'developer',
};

function messageType(message: MessageLike): string | undefined {
  try {
    return str(typeof message.getType === 'function' ? message.getType() : undefined) ?? str(message.type);
  } catch {
    return str(message.type);
  }
}

/** One message in the neutral `{ role, content, tool_calls? }` shape. */
export function neutralMessage(message: unknown): Bag {
  const m = (asBag(message) ?? {}) as MessageLike;
  const type = messageType(m);
  const out: Bag = {
    role: (type !== undefined ? ROLE_BY_TYPE[type] : undefined) ?? type ?? 'user',
    content: m.content,
  };
  if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) out['tool_calls'] = m.tool_calls;
  if (typeof m.tool_call_id === 'string') out['tool_call_id'] = m.tool_call_id;
  return out;
}

/** `messages` or `prompt_values` for LangChain's own values (`lc_namespace` `['langchain_core', …]`). */
function lcKind(bag: Bag): unknown {
  const ns = bag['lc_namespace'];
  return Array.isArray(ns) && ns[0] === 'langchain_core' ? ns[1] : undefined;
}

/** A message or prompt value in plain form (see `plainRunValue`); `undefined` for anything else. */
function plainLcValue(value: unknown): unknown {
  const bag = asBag(value);
  const kind = bag === undefined ? undefined : lcKind(bag);
  if (kind === 'messages') return neutralMessage(bag);
  if (kind !== 'prompt_values') return undefined;
  const messages = bag?.['messages'];
  return Array.isArray(messages) ? messages.map(neutralMessage) : bag?.['value'];
}

function plainList(list: readonly unknown[]): unknown[] | undefined {
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const plain = plainLcValue(list[i]);
    if (plain === undefined) continue;
    out ??= list.slice();
    out[i] = plain;
  }
  return out;
}

function isPlainBag(value: unknown): value is Bag {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A chain run's input or output as captured: LangChain messages and prompt values (the value
 * itself, the items of an array, or a plain object's values and their arrays, like a graph
 * state's `messages`) in the `{ role, content }` shape of `llm.messages`. Their own JSON
 * (`toJSON`, LangChain's serialisation format) is up to half as long again and runs LangChain's
 * serialiser for each at export. Anything else is returned as it is; so is a value that fails.
 */
export function plainRunValue(value: unknown): unknown {
  try {
    const plain = plainLcValue(value);
    if (plain !== undefined) return plain;
    if (Array.isArray(value)) return plainList(value) ?? value;
    if (!isPlainBag(value)) return value;
    let out: Bag | undefined;
    for (const key in value) {
      const item = value[key];
      const converted = Array.isArray(item) ? plainList(item) : plainLcValue(item);
      if (converted === undefined) continue;
      out ??= { ...value };
      out[key] = converted;
    }
    return out ?? value;
  } catch {
    return value;
  }
}

/** `llm.messages` of a chat model run (one prompt: LangChain batches are one list per prompt). */
export function messagesAttribute(messages: unknown, capture: CallCapture): AttributeBag {
  if (!capture.inputs || !Array.isArray(messages)) return {};
  const first: unknown = messages.length === 1 ? messages[0] : messages.flat();
  const list = Array.isArray(first) ? first.map(neutralMessage) : [];
  return { [ATTR_LLM_MESSAGES]: deferCapture(list, capture.maxInputLength, capture.redact) };
}

/** `llm.messages` of a completion model run (prompt strings). */
export function promptsAttribute(prompts: unknown, capture: CallCapture): AttributeBag {
  if (!capture.inputs || !Array.isArray(prompts)) return {};
  const list = prompts.map((p) => ({ role: 'user', content: p }));
  return { [ATTR_LLM_MESSAGES]: deferCapture(list, capture.maxInputLength, capture.redact) };
}

function usageOf(message: Bag | undefined, llmOutput: Bag | undefined): NormalizedUsage | undefined {
  const meta = asBag(message?.['usage_metadata']);
  if (meta !== undefined) {
    const input = asBag(meta['input_token_details']);
    const output = asBag(meta['output_token_details']);
    return {
      input: finiteNumber(meta['input_tokens']),
      output: finiteNumber(meta['output_tokens']),
      total: finiteNumber(meta['total_tokens']),
      cached: finiteNumber(input?.['cache_read']),
      cacheCreation: finiteNumber(input?.['cache_creation']),
      reasoning: finiteNumber(output?.['reasoning']),
    };
  }
  const counts = asBag(llmOutput?.['tokenUsage']) ?? asBag(llmOutput?.['estimatedTokenUsage']);
  if (counts === undefined) return undefined;
  return {
    input: finiteNumber(counts['promptTokens']),
    output: finiteNumber(counts['completionTokens']),
    total: finiteNumber(counts['totalTokens']),
  };
}

function toolCallsOf(message: Bag | undefined): NeutralToolCall[] | undefined {
  const calls = message?.['tool_calls'];
  if (!Array.isArray(calls) || calls.length === 0) return undefined;
  return calls.map((c: Bag) => ({
    id: str(c['id']),
    name: str(c['name']),
    arguments: typeof c['args'] === 'string' ? c['args'] : JSON.stringify(c['args'] ?? {}),
  }));
}

/** What a model run produced, from LangChain's `LLMResult` (first generation of the first prompt). */
export function summarizeLlmResult(output: LlmResultLike | undefined): ResultSummary {
  const generation = asBag(output?.generations?.[0]?.[0]);
  const message = asBag(generation?.['message']);
  const responseMeta = asBag(message?.['response_metadata']);
  const info = asBag(generation?.['generationInfo']);
  const llmOutput = asBag(output?.llmOutput);
  return {
    id: str(message?.['id']),
    model: str(responseMeta?.['model_name']) ?? str(responseMeta?.['model']) ?? str(llmOutput?.['model_name']),
    finishReason:
      str(info?.['finish_reason']) ?? str(responseMeta?.['finish_reason']) ?? str(responseMeta?.['stop_reason']),
    text: typeof generation?.['text'] === 'string' ? generation['text'] : undefined,
    toolCalls: toolCallsOf(message),
    usage: usageOf(message, llmOutput),
  };
}

/** Content of a tool's result (a `ToolMessage` or a plain value). */
export function toolOutputOf(output: unknown): unknown {
  const bag = asBag(output);
  return bag !== undefined && 'content' in bag && typeof bag['lc_kwargs'] === 'object' ? bag['content'] : output;
}

/** Retrieval results: their count and (when outputs are captured) their text and metadata. */
export function documentsAttributes(documents: unknown, capture: CallCapture): AttributeBag {
  if (!Array.isArray(documents)) return {};
  const out: AttributeBag = { [ATTR_RETRIEVAL_RESULTS_COUNT]: documents.length };
  if (capture.outputs) {
    const docs = documents.map((d: unknown) => {
      const bag = asBag(d) ?? {};
      return { content: bag['pageContent'], metadata: bag['metadata'], id: bag['id'] };
    });
    out[ATTR_RETRIEVAL_DOCUMENTS] = deferCapture(docs, capture.maxOutputLength, capture.redact);
  }
  return out;
}

/** True for LangGraph control flow (an interrupt, a `Command` for a parent graph): not a failure. */
export function isControlFlow(error: unknown, names: ReadonlySet<string>): boolean {
  const e = asBag(error);
  if (e === undefined) return false;
  try {
    if (e['is_bubble_up'] === true) return true;
    const name = e['name'];
    return typeof name === 'string' && names.has(name);
  } catch {
    return false;
  }
}

/** What differs between a tool run and a retriever run: span name, attributes, what it returns. */
export interface StepKind {
  readonly kind: RunKind;
  readonly spanPrefix: string;
  readonly spanType: string;
  readonly nameAttribute: string;
  readonly inputAttribute: string;
  outputAttributes(output: unknown, capture: CallCapture): AttributeBag;
}

export const TOOL_STEP: StepKind = {
  kind: 'tool',
  spanPrefix: 'tool.',
  spanType: 'tool',
  nameAttribute: ATTR_TOOL_NAME,
  inputAttribute: ATTR_TOOL_INPUT,
  outputAttributes: (output, capture) =>
    capture.outputs
      ? { [ATTR_TOOL_OUTPUT]: deferCapture(toolOutputOf(output), capture.maxOutputLength, capture.redact) }
      : {},
};

export const RETRIEVER_STEP: StepKind = {
  kind: 'retriever',
  spanPrefix: 'retrieval.',
  spanType: 'retrieval',
  nameAttribute: ATTR_RETRIEVAL_SOURCE,
  inputAttribute: ATTR_RETRIEVAL_QUERY,
  outputAttributes: documentsAttributes,
};
