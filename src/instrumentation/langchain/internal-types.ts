/** Shapes of the LangChain values the integration reads (duck-typed; never imported). */

/** A runnable's `toJSON()` as callbacks receive it. */
export interface SerializedLike {
  readonly id?: readonly unknown[];
  readonly name?: unknown;
  readonly kwargs?: unknown;
}

/** A `BaseMessage` as far as tracing reads it. */
export interface MessageLike {
  readonly type?: unknown;
  getType?(): unknown;
  readonly content?: unknown;
  readonly tool_calls?: unknown;
  readonly tool_call_id?: unknown;
}

/** An `LLMResult`. */
export interface LlmResultLike {
  readonly generations?: ReadonlyArray<ReadonlyArray<unknown> | undefined>;
  readonly llmOutput?: unknown;
}

/** The `CallbackManager` class of one copy (the static `_configureSync` is patched). */
export interface CallbackManagerLike {
  handlers?: unknown[];
  addHandler?(handler: unknown, inherit?: boolean): void;
}
