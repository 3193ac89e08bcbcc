/**
 * The few fields of openai-node's request and response objects we read, typed loosely on
 * purpose: `openai` is never imported here, and every field may be missing.
 */

export interface OpenAIToolParam {
  readonly type?: string;
  readonly name?: string;
  readonly function?: { readonly name?: string };
}

export interface OpenAIRequestParams {
  readonly model?: unknown;
  readonly messages?: unknown;
  readonly input?: unknown;
  readonly instructions?: unknown;
  readonly prompt?: unknown;
  readonly temperature?: unknown;
  readonly top_p?: unknown;
  readonly max_tokens?: unknown;
  readonly max_completion_tokens?: unknown;
  readonly max_output_tokens?: unknown;
  readonly tools?: readonly OpenAIToolParam[];
  readonly stream?: unknown;
  readonly n?: unknown;
}

export interface OpenAIToolCall {
  readonly id?: string;
  readonly type?: string;
  readonly function?: { readonly name?: string; readonly arguments?: string };
}

export interface ChatChoice {
  readonly index?: number;
  readonly finish_reason?: string | null;
  readonly message?: {
    readonly content?: string | null;
    readonly tool_calls?: readonly OpenAIToolCall[];
    readonly refusal?: string | null;
  };
  readonly delta?: {
    readonly content?: string | null;
    readonly tool_calls?: readonly (OpenAIToolCall & { index?: number })[];
  };
  readonly text?: string;
}

export interface ChatUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
  readonly total_tokens?: number;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number } | null;
  readonly completion_tokens_details?: { readonly reasoning_tokens?: number } | null;
}

export interface ResponsesUsage {
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly total_tokens?: number;
  readonly input_tokens_details?: { readonly cached_tokens?: number } | null;
  readonly output_tokens_details?: { readonly reasoning_tokens?: number } | null;
}

export interface ResponsesOutputItem {
  readonly type?: string;
  readonly id?: string;
  readonly call_id?: string;
  readonly name?: string;
  readonly arguments?: string;
  readonly content?: readonly { readonly type?: string; readonly text?: string }[];
}

/** Any of the result bodies (chat completion, response, embeddings, images, completion). */
export interface OpenAIResult {
  readonly id?: string;
  readonly model?: string;
  readonly object?: string;
  readonly status?: string;
  readonly choices?: readonly ChatChoice[];
  readonly usage?: (ChatUsage & ResponsesUsage) | null;
  readonly output?: readonly ResponsesOutputItem[];
  readonly output_text?: string;
  readonly incomplete_details?: { readonly reason?: string } | null;
  readonly data?: readonly { readonly embedding?: unknown; readonly revised_prompt?: string; readonly url?: string }[];
}

/** A Responses API stream event. */
export interface ResponsesStreamEvent {
  readonly type?: string;
  readonly delta?: string;
  readonly response?: OpenAIResult;
}
