/**
 * The parts of LlamaIndex objects this integration reads, duck-typed (the library is never
 * imported). Every field is optional: a shape that differs leaves the attribute out.
 */

/** An LLM or embedding model instance (`OpenAI`, `OpenAIEmbedding`, ...). */
export interface ModelLike {
  readonly model?: unknown;
  readonly temperature?: unknown;
  readonly topP?: unknown;
  readonly maxTokens?: unknown;
  readonly similarityTopK?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly description?: unknown } | undefined;
}

/** `LLM.chat` / `LLM.complete` parameters. */
export interface LlmParamsLike {
  readonly messages?: unknown;
  readonly prompt?: unknown;
  readonly stream?: unknown;
  readonly tools?: unknown;
}

/** A `ToolCall` in a chat message's options. */
export interface ToolCallLike {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly input?: unknown;
}

/** `ChatResponse`, `CompletionResponse`, one of their stream chunks, or an `EngineResponse`. */
export interface ResponseLike {
  readonly text?: unknown;
  readonly delta?: unknown;
  readonly response?: unknown;
  readonly message?: { readonly content?: unknown; readonly options?: { readonly toolCall?: unknown } };
  readonly options?: { readonly toolCall?: unknown };
  readonly raw?: unknown;
  readonly sourceNodes?: unknown;
}

/** The provider's raw body (an OpenAI `ChatCompletion` or chunk) carried in `raw`. */
export interface RawLike {
  readonly id?: unknown;
  readonly model?: unknown;
  readonly usage?: unknown;
  readonly choices?: ReadonlyArray<{ readonly finish_reason?: unknown }>;
}

/** A retrieved `NodeWithScore`. */
export interface NodeWithScoreLike {
  readonly score?: unknown;
  readonly node?: {
    readonly id_?: unknown;
    readonly metadata?: unknown;
    readonly text?: unknown;
    getContent?(mode?: unknown): unknown;
  };
}
