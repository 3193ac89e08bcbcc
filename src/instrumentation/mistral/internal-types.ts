/**
 * The few fields of @mistralai/mistralai's request and result objects we read (the SDK maps the
 * wire's snake_case to camelCase), typed loosely on purpose: every field may be missing.
 */

export interface MistralToolCall {
  readonly id?: unknown;
  readonly index?: unknown;
  readonly function?: { readonly name?: unknown; readonly arguments?: unknown } | null;
}

export interface MistralRequest {
  readonly model?: unknown;
  readonly messages?: unknown;
  readonly inputs?: unknown;
  readonly temperature?: unknown;
  readonly topP?: unknown;
  readonly maxTokens?: unknown;
  readonly tools?: readonly { readonly function?: { readonly name?: unknown } }[] | null;
}

export interface MistralUsage {
  readonly promptTokens?: unknown;
  readonly completionTokens?: unknown;
  readonly totalTokens?: unknown;
  readonly promptTokensDetails?: { readonly cachedTokens?: unknown } | null;
}

export interface MistralChoice {
  readonly message?: { readonly content?: unknown; readonly toolCalls?: readonly MistralToolCall[] | null } | null;
  readonly delta?: { readonly content?: unknown; readonly toolCalls?: readonly MistralToolCall[] | null } | null;
  readonly finishReason?: unknown;
}

export interface MistralResponse {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly choices?: readonly MistralChoice[];
  readonly usage?: MistralUsage | null;
  /** Embeddings answer with these. */
  readonly data?: readonly { readonly embedding?: unknown }[];
}
