import {
  ATTR_AGENT_INPUT,
  ATTR_AGENT_OUTPUT,
  ATTR_GEN_AI_COMPLETION_PREFIX,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROMPT_PREFIX,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_LLM_MESSAGES,
  ATTR_LLM_RESPONSE,
  ATTR_LLM_TOOL_CALLS,
  ATTR_RETRIEVAL_DOCUMENTS,
  ATTR_RETRIEVAL_QUERY,
  ATTR_TOOL_INPUT,
  ATTR_TOOL_OUTPUT,
} from '../core/semconv.js';

/**
 * Attributes holding what went into a model, tool or retriever: removed by
 * `capture.inputs: false`, cut to `maxInputLength`. The retrieval query counts as
 * input because it is usually the user's own text.
 */
export const INPUT_KEYS: ReadonlySet<string> = new Set([
  ATTR_LLM_MESSAGES,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_TOOL_INPUT,
  ATTR_RETRIEVAL_QUERY,
  ATTR_AGENT_INPUT,
]);

/**
 * Attributes holding what came back: removed by `capture.outputs: false`, cut to
 * `maxOutputLength`. Tool calls the model asked for are model output.
 */
export const OUTPUT_KEYS: ReadonlySet<string> = new Set([
  ATTR_LLM_RESPONSE,
  ATTR_LLM_TOOL_CALLS,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_TOOL_OUTPUT,
  ATTR_RETRIEVAL_DOCUMENTS,
  ATTR_AGENT_OUTPUT,
]);

export const KEY_PLAIN = 0;
export const KEY_INPUT = 1;
export const KEY_OUTPUT = 2;
export type ContentKind = typeof KEY_PLAIN | typeof KEY_INPUT | typeof KEY_OUTPUT;

/** Whether an attribute key carries input, output or neither. */
export function contentKind(key: string): ContentKind {
  if (INPUT_KEYS.has(key) || key.startsWith(ATTR_GEN_AI_PROMPT_PREFIX)) return KEY_INPUT;
  if (OUTPUT_KEYS.has(key) || key.startsWith(ATTR_GEN_AI_COMPLETION_PREFIX)) return KEY_OUTPUT;
  return KEY_PLAIN;
}
