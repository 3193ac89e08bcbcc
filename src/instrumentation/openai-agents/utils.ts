/**
 * Pure mappers from OpenAI Agents span data to our spans: the name, kind and attributes a span
 * starts with, and what its end adds. No span or client access here, so each is unit-tested on
 * plain objects.
 */
import {
  ATTR_AGENT_HANDOFFS,
  ATTR_AGENT_HANDOFF_FROM,
  ATTR_AGENT_HANDOFF_TO,
  ATTR_AGENT_NAME,
  ATTR_AGENT_OPERATION,
  ATTR_AGENT_OUTPUT_TYPE,
  ATTR_AGENT_TOOLS,
  ATTR_AGENT_WORKFLOW_GROUP_ID,
  ATTR_AGENT_WORKFLOW_ID,
  ATTR_CUSTOM_DATA,
  ATTR_ERROR_TYPE,
  ATTR_GUARDRAIL_NAME,
  ATTR_GUARDRAIL_TRIGGERED,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_MODEL,
  ATTR_LLM_OPERATION,
  ATTR_LLM_PROVIDER,
  ATTR_MCP_SERVER,
  ATTR_MCP_TOOLS,
  ATTR_NOVEUM_SPAN_TYPE,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_NAME,
  ATTR_TOOL_OUTPUT,
  type SpanType,
} from '../../core/semconv.js';
import type { SpanKind } from '../../core/types.js';
import { stringValue as str } from '../../internal/read-value.js';
import { deferCapture, type CallCapture } from '../genai/capture.js';
import { llmSpanName, resultAttributes, type NeutralToolCall, type ResultSummary } from '../genai/result.js';
import { readTokenUsage, type AttributeBag } from '../genai/usage.js';
import { AGENTS_PROVIDER } from './constants.js';
import type { AgentsSpanData, AgentsSpanError, AgentsTrace, GenerationData, ResponseData } from './internal-types.js';

/** How a span starts: name, kind and attributes. */
export interface SpanStart {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: AttributeBag;
}

/** Span types that only group others (a run, a turn): folded into their parent, never a span of ours. */
const FOLDED_TYPES: ReadonlySet<string> = new Set(['task', 'turn']);

/** True for a span type that is folded into its parent (`task`, `turn`). */
export function isFolded(data: AgentsSpanData): boolean {
  return FOLDED_TYPES.has(data.type);
}

/** True for a span that stands for one model call (the LLM owner of the provider call inside it). */
export function isModelCall(data: AgentsSpanData): boolean {
  return data.type === 'response' || data.type === 'generation';
}

/** The workflow span of a trace: named after the trace (`run()` calls it 'Agent workflow'). */
export function traceStart(trace: AgentsTrace): SpanStart {
  return {
    name: str(trace.name) ?? 'Agent workflow',
    kind: 'internal',
    attributes: {
      [ATTR_NOVEUM_SPAN_TYPE]: 'agent' satisfies SpanType,
      [ATTR_AGENT_OPERATION]: 'workflow',
      [ATTR_AGENT_WORKFLOW_ID]: str(trace.traceId),
      [ATTR_AGENT_WORKFLOW_GROUP_ID]: str(trace.groupId),
    },
  };
}

function typed(type: SpanType, name: string, kind: SpanKind, attributes: AttributeBag): SpanStart {
  attributes[ATTR_NOVEUM_SPAN_TYPE] = type;
  return { name, kind, attributes };
}

/** The start of a span of one of the known types; unknown types become operation spans named by type. */
export function spanStart(data: AgentsSpanData): SpanStart {
  const name = str(data.name);
  switch (data.type) {
    case 'agent':
      return typed('agent', `agent.${name ?? 'agent'}`, 'internal', { [ATTR_AGENT_NAME]: name });
    case 'function':
      return typed('tool', `tool.${name ?? 'function'}`, 'internal', { [ATTR_TOOL_NAME]: name });
    case 'response':
      return typed('llm', 'responses', 'client', {
        [ATTR_LLM_PROVIDER]: AGENTS_PROVIDER,
        [ATTR_LLM_OPERATION]: 'responses',
      });
    case 'generation': {
      const model = str((data as GenerationData).model);
      return typed('llm', llmSpanName('chat', model), 'client', {
        [ATTR_LLM_PROVIDER]: AGENTS_PROVIDER,
        [ATTR_LLM_OPERATION]: 'chat',
        [ATTR_LLM_MODEL]: model,
      });
    }
    case 'handoff':
      return typed('agent', 'agent.handoff', 'internal', { [ATTR_AGENT_OPERATION]: 'handoff' });
    case 'guardrail':
      return typed('operation', `guardrail.${name ?? 'guardrail'}`, 'internal', { [ATTR_GUARDRAIL_NAME]: name });
    case 'mcp_tools':
      return typed('tool', 'mcp.list_tools', 'client', { [ATTR_MCP_SERVER]: str(data['server']) });
    case 'custom':
      return typed('operation', name ?? 'custom', 'internal', {});
    default:
      return typed('operation', data.type, 'internal', {});
  }
}

function names(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** What a span's end adds (its data is complete only then); `name` renames it when set. */
export interface SpanEnd {
  readonly name?: string | undefined;
  readonly attributes: AttributeBag;
}

/**
 * The end of a span. `claimed`: a provider integration wrote the model call's precise figures
 * onto this span, so the framework's copy of usage and output is not written again.
 */
export function spanEnd(data: AgentsSpanData, capture: CallCapture, claimed: boolean, model?: string): SpanEnd {
  switch (data.type) {
    case 'agent':
      return {
        attributes: {
          [ATTR_AGENT_TOOLS]: names(data['tools']),
          [ATTR_AGENT_HANDOFFS]: names(data['handoffs']),
          [ATTR_AGENT_OUTPUT_TYPE]: str(data['output_type']),
        },
      };
    case 'function':
      return { attributes: toolEnd(data, capture) };
    case 'response':
      return responseEnd(data as ResponseData, capture, claimed, model);
    case 'generation':
      return generationEnd(data as GenerationData, capture, claimed, model);
    case 'handoff': {
      const to = str(data['to_agent']);
      return {
        name: to === undefined ? undefined : `agent.handoff.${to}`,
        attributes: { [ATTR_AGENT_HANDOFF_FROM]: str(data['from_agent']), [ATTR_AGENT_HANDOFF_TO]: to },
      };
    }
    case 'guardrail':
      return { attributes: { [ATTR_GUARDRAIL_TRIGGERED]: data['triggered'] === true } };
    case 'mcp_tools':
      return { attributes: { [ATTR_MCP_SERVER]: str(data['server']), [ATTR_MCP_TOOLS]: names(data['result']) } };
    case 'custom':
      return {
        attributes: capture.inputs
          ? { [ATTR_CUSTOM_DATA]: deferCapture(data['data'], capture.maxInputLength, capture.redact) }
          : {},
      };
    default:
      return { attributes: {} };
  }
}

function toolEnd(data: AgentsSpanData, capture: CallCapture): AttributeBag {
  const out: AttributeBag = {};
  const input = data['input'];
  const output = data['output'];
  if (capture.inputs && input !== undefined && input !== '')
    out[ATTR_TOOL_INPUT] = deferCapture(input, capture.maxInputLength, capture.redact);
  if (capture.outputs && output !== undefined && output !== '')
    out[ATTR_TOOL_OUTPUT] = deferCapture(output, capture.maxOutputLength, capture.redact);
  return out;
}

/** Text and tool calls of a Responses body's output items. */
function responseOutput(output: unknown): { text: string | undefined; toolCalls: NeutralToolCall[] } {
  let text: string | undefined;
  const toolCalls: NeutralToolCall[] = [];
  for (const item of Array.isArray(output) ? (output as Record<string, unknown>[]) : []) {
    if (item?.['type'] === 'function_call') {
      toolCalls.push({ id: str(item['call_id']), name: str(item['name']), arguments: str(item['arguments']) });
    } else if (item?.['type'] === 'message' && Array.isArray(item['content'])) {
      for (const part of item['content'] as Record<string, unknown>[]) {
        const piece = str(part?.['text']);
        if (piece !== undefined) text = (text ?? '') + piece;
      }
    }
  }
  return { text, toolCalls };
}

/** The prompt as messages: `instructions` as a system message, then the input items. */
function responseInput(input: unknown, instructions: unknown): unknown {
  const items = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  if (typeof instructions !== 'string') return items;
  return [{ role: 'system', content: instructions }, ...(Array.isArray(items) ? items : [])];
}

function responseEnd(data: ResponseData, capture: CallCapture, claimed: boolean, model?: string): SpanEnd {
  const body = data._response;
  const responseModel = str(body?.model);
  const name = llmSpanName('responses', model ?? responseModel);
  // The provider integration already wrote the call's usage, request and response: keep its figures.
  if (claimed || body === undefined) return { name, attributes: {} };
  const attributes: AttributeBag = { [ATTR_LLM_MODEL]: model ?? responseModel };
  if (capture.inputs && data._input !== undefined)
    attributes[ATTR_LLM_MESSAGES] = deferCapture(
      responseInput(data._input, body.instructions),
      capture.maxInputLength,
      capture.redact
    );
  const { text, toolCalls } = responseOutput(body.output);
  const summary: ResultSummary = {
    id: str(body.id) ?? str(data.response_id),
    model: responseModel,
    finishReason: str(body.incomplete_details?.reason) ?? str(body.status),
    text: text === undefined && toolCalls.length > 0 ? undefined : text,
    toolCalls,
    usage: readTokenUsage(body.usage),
  };
  return { name, attributes: resultAttributes(AGENTS_PROVIDER, summary, model, capture, attributes) };
}

interface ChatCompletionLike {
  id?: unknown;
  model?: unknown;
  usage?: unknown;
  choices?: Array<{
    finish_reason?: unknown;
    message?: {
      content?: unknown;
      tool_calls?: Array<{ id?: unknown; function?: { name?: unknown; arguments?: unknown } }>;
    };
  }>;
}

/** A generation's result: its output is the Chat Completions body (`[completion]`). */
function generationSummary(data: GenerationData, model: string | undefined): ResultSummary {
  const completion = (Array.isArray(data.output) ? data.output[0] : undefined) as ChatCompletionLike | undefined;
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  const calls = Array.isArray(choice?.message?.tool_calls) ? choice.message.tool_calls : [];
  return {
    id: str(completion?.id),
    model: str(completion?.model) ?? model,
    finishReason: str(choice?.finish_reason),
    text: str(choice?.message?.content),
    toolCalls: calls.map((c) => ({
      id: str(c?.id),
      name: str(c?.function?.name),
      arguments: str(c?.function?.arguments),
    })),
    usage: readTokenUsage(data.usage ?? completion?.usage),
  };
}

function generationEnd(data: GenerationData, capture: CallCapture, claimed: boolean, model?: string): SpanEnd {
  const requestModel = model ?? str(data.model);
  const name = llmSpanName('chat', requestModel);
  if (claimed) return { name, attributes: {} };
  const attributes: AttributeBag = { [ATTR_LLM_MODEL]: requestModel };
  if (capture.inputs && data.input !== undefined)
    attributes[ATTR_LLM_MESSAGES] = deferCapture(data.input, capture.maxInputLength, capture.redact);
  const summary = generationSummary(data, requestModel);
  return { name, attributes: resultAttributes(AGENTS_PROVIDER, summary, requestModel, capture, attributes) };
}

/** Status message and `error.type` of a span's error (`data.error` reads "Type: message"). */
export function spanError(error: AgentsSpanError): { message: string; attributes: AttributeBag } {
  const detail = str(error.data?.['error']);
  const type = detail === undefined ? undefined : /^([A-Za-z_$][\w$]*):/.exec(detail)?.[1];
  return {
    message: detail ?? str(error.message) ?? 'error',
    attributes: { [ATTR_ERROR_TYPE]: type ?? 'AgentsSpanError' },
  };
}
