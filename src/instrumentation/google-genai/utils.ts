/**
 * Pure mappers: @google/genai request parameters → span attributes, and `GenerateContentResponse`
 * bodies → a `ResultSummary`. No span or client access here, so each is unit-tested on plain objects.
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
import { GOOGLE_GENAI_PROVIDER, type GoogleGenAIOperation } from './constants.js';
import type { GeminiContent, GeminiPart, GeminiRequestParams, GeminiResponse, GeminiUsage } from './internal-types.js';

/** `models/gemini-2.5-flash` → `gemini-2.5-flash` (both spellings are accepted by the API). */
export function modelId(model: unknown): string | undefined {
  const m = str(model);
  return m?.startsWith('models/') ? m.slice('models/'.length) : m;
}

/** One content (`string`, a part, or `{ role, parts }`) as a `{ role, content }` message. */
function messageOf(content: unknown, role: string): unknown {
  if (typeof content === 'string') return { role, content };
  const c = content as GeminiContent | null;
  if (typeof c !== 'object' || c === null) return { role, content };
  if (!Array.isArray(c.parts)) return { role, content: c };
  const parts = c.parts as GeminiPart[];
  const textOnly = parts.every((p) => typeof p?.text === 'string');
  return { role: str(c.role) ?? role, content: textOnly ? parts.map((p) => p.text).join('') : parts };
}

/** The prompt as one list of messages: the system instruction first, then `contents`. */
export function requestInput(p: GeminiRequestParams): unknown[] {
  const out: unknown[] = [];
  const system = p.config?.systemInstruction;
  if (system !== undefined && system !== null) out.push(messageOf(system, 'system'));
  const contents = p.contents;
  const list = Array.isArray(contents) ? (contents as unknown[]) : contents === undefined ? [] : [contents];
  // A list of bare strings or parts is one user turn; a list of `{ role, parts }` is a conversation.
  const isTurns = list.some((c) => typeof c === 'object' && c !== null && 'parts' in c);
  if (isTurns) for (const c of list) out.push(messageOf(c, 'user'));
  else if (list.length > 0) out.push(list.length === 1 ? messageOf(list[0], 'user') : { role: 'user', content: list });
  return out;
}

function toolNames(tools: NonNullable<GeminiRequestParams['config']>['tools']): string[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const names = tools.flatMap((t) =>
    (t?.functionDeclarations ?? []).map((f: { readonly name?: unknown }) => String(f?.name ?? 'function'))
  );
  return names.length > 0 ? names : undefined;
}

/** Attributes known before the call: model, provider, operation, parameters, captured input. */
export function requestAttributes(
  operation: GoogleGenAIOperation,
  params: unknown,
  stream: boolean,
  capture: CallCapture
): AttributeBag {
  const p = (typeof params === 'object' && params !== null ? params : {}) as GeminiRequestParams;
  const config = p.config ?? {};
  const attrs: AttributeBag = {
    [ATTR_LLM_PROVIDER]: GOOGLE_GENAI_PROVIDER,
    [ATTR_LLM_OPERATION]: operation,
    [ATTR_LLM_MODEL]: modelId(p.model),
    [ATTR_LLM_TEMPERATURE]: num(config.temperature),
    [ATTR_LLM_TOP_P]: num(config.topP),
    [ATTR_LLM_MAX_TOKENS]: num(config.maxOutputTokens),
    [ATTR_LLM_STREAMING]: stream ? true : undefined,
    [ATTR_LLM_TOOLS]: toolNames(config.tools),
  };
  if (capture.inputs) {
    const input = operation === 'embeddings' ? p.contents : requestInput(p);
    if (input !== undefined) attrs[ATTR_LLM_MESSAGES] = deferCapture(input, capture.maxInputLength, capture.redact);
  }
  return attrs;
}

/** `usageMetadata` in neutral terms: thoughts count as output (they are billed as output). */
export function readGeminiUsage(usage: GeminiUsage | null | undefined): NormalizedUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const prompt = num(usage.promptTokenCount);
  const toolPrompt = num(usage.toolUsePromptTokenCount);
  const candidates = num(usage.candidatesTokenCount);
  const thoughts = num(usage.thoughtsTokenCount);
  const input = prompt === undefined && toolPrompt === undefined ? undefined : (prompt ?? 0) + (toolPrompt ?? 0);
  const output = candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0);
  return {
    input,
    output,
    total: num(usage.totalTokenCount),
    cached: num(usage.cachedContentTokenCount),
    reasoning: thoughts,
  };
}

/** A `functionCall` part as a neutral tool call (its `args` object as JSON text). */
export function toolCallOf(call: NonNullable<GeminiPart['functionCall']>): NeutralToolCall {
  let args: string | undefined;
  try {
    args = call.args === undefined ? undefined : JSON.stringify(call.args);
  } catch {
    args = undefined;
  }
  return { id: str(call.id), name: str(call.name), arguments: args };
}

/** Text (thought parts left out) and function calls of the first candidate's parts. */
export function readParts(parts: unknown): { text: string | undefined; toolCalls: NeutralToolCall[] } {
  let text: string | undefined;
  const toolCalls: NeutralToolCall[] = [];
  for (const part of Array.isArray(parts) ? (parts as GeminiPart[]) : []) {
    if (typeof part?.text === 'string' && part.thought !== true) text = (text ?? '') + part.text;
    else if (typeof part?.functionCall === 'object' && part.functionCall !== null)
      toolCalls.push(toolCallOf(part.functionCall));
  }
  return { text, toolCalls };
}

/** Reads a `GenerateContentResponse` into a summary. */
export function summarizeResponse(body: unknown): ResultSummary {
  const r = (typeof body === 'object' && body !== null ? body : {}) as GeminiResponse;
  const candidate = r.candidates?.[0];
  const { text, toolCalls } = readParts(candidate?.content?.parts);
  const summary: ResultSummary = {
    id: str(r.responseId),
    model: modelId(r.modelVersion),
    finishReason: str(candidate?.finishReason),
    usage: readGeminiUsage(r.usageMetadata),
    text,
  };
  if (toolCalls.length > 0) summary.toolCalls = toolCalls;
  return summary;
}

/** What `embedContent` answered: how many vectors, of which size (the Gemini API reports no usage). */
export function embeddingAttributes(body: unknown): AttributeBag {
  const r = (typeof body === 'object' && body !== null ? body : {}) as GeminiResponse;
  const first = r.embeddings?.[0]?.values;
  return {
    [ATTR_LLM_EMBEDDING_COUNT]: Array.isArray(r.embeddings) ? r.embeddings.length : undefined,
    [ATTR_LLM_EMBEDDING_DIMENSIONS]: Array.isArray(first) ? first.length : undefined,
  };
}
