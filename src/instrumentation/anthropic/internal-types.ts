/**
 * The few fields of @anthropic-ai/sdk's request, response and stream event objects we read,
 * typed loosely on purpose: the SDK is never imported here, and every field may be missing.
 */

export interface AnthropicRequestParams {
  readonly model?: unknown;
  readonly system?: unknown;
  readonly messages?: unknown;
  readonly max_tokens?: unknown;
  readonly temperature?: unknown;
  readonly top_p?: unknown;
  readonly top_k?: unknown;
  readonly stream?: unknown;
  readonly tools?: readonly { readonly name?: unknown; readonly type?: unknown }[];
}

export interface AnthropicContentBlock {
  readonly type?: string;
  readonly text?: string;
  readonly id?: string;
  readonly name?: string;
  readonly input?: unknown;
}

/** `usage` of a message; `input_tokens` excludes cache reads and writes. */
export interface AnthropicUsage {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly cache_creation?: unknown;
}

export interface AnthropicMessage {
  readonly id?: string;
  readonly type?: string;
  readonly model?: string;
  readonly content?: readonly AnthropicContentBlock[];
  readonly stop_reason?: string | null;
  readonly usage?: AnthropicUsage | null;
  /** `countTokens` answers with this alone. */
  readonly input_tokens?: number;
}

/** One event of a streamed message (`message_start` … `message_stop`). */
export interface AnthropicStreamEvent {
  readonly type?: string;
  readonly index?: number;
  readonly message?: AnthropicMessage;
  readonly content_block?: AnthropicContentBlock;
  readonly delta?: {
    readonly type?: string;
    readonly text?: string;
    readonly partial_json?: string;
    readonly thinking?: string;
    readonly stop_reason?: string | null;
  };
  readonly usage?: AnthropicUsage | null;
}
