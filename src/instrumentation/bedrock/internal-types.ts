/**
 * The few fields of Bedrock Runtime commands and outputs we read, typed loosely on purpose: the
 * SDK is never imported here, and every field may be missing.
 */

export interface ConverseContentBlock {
  readonly text?: unknown;
  readonly toolUse?: { readonly toolUseId?: unknown; readonly name?: unknown; readonly input?: unknown } | null;
}

/** Converse usage: `inputTokens` excludes cache reads and writes, reported on their own. */
export interface ConverseUsage {
  readonly inputTokens?: unknown;
  readonly outputTokens?: unknown;
  readonly totalTokens?: unknown;
  readonly cacheReadInputTokens?: unknown;
  readonly cacheWriteInputTokens?: unknown;
}

export interface ConverseInput {
  readonly modelId?: unknown;
  readonly messages?: unknown;
  readonly system?: unknown;
  readonly inferenceConfig?: { readonly maxTokens?: unknown; readonly temperature?: unknown; readonly topP?: unknown };
  readonly toolConfig?: { readonly tools?: readonly { readonly toolSpec?: { readonly name?: unknown } }[] };
}

export interface ConverseOutput {
  readonly output?: { readonly message?: { readonly content?: readonly ConverseContentBlock[] } };
  readonly stopReason?: unknown;
  readonly usage?: ConverseUsage | null;
  readonly $metadata?: { readonly requestId?: unknown; readonly httpStatusCode?: unknown };
  /** ConverseStream's events. */
  readonly stream?: unknown;
  /** InvokeModel's body (bytes), or InvokeModelWithResponseStream's events. */
  readonly body?: unknown;
}

/** One ConverseStream event (exactly one member is set). */
export interface ConverseStreamEvent {
  readonly contentBlockStart?: {
    readonly contentBlockIndex?: number;
    readonly start?: { readonly toolUse?: { readonly toolUseId?: unknown; readonly name?: unknown } };
  };
  readonly contentBlockDelta?: {
    readonly contentBlockIndex?: number;
    readonly delta?: { readonly text?: unknown; readonly toolUse?: { readonly input?: unknown } };
  };
  readonly messageStop?: { readonly stopReason?: unknown };
  readonly metadata?: { readonly usage?: ConverseUsage | null };
}
