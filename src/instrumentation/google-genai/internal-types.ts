/**
 * The few fields of @google/genai's request and response objects we read, typed loosely on
 * purpose: the SDK is never imported here, and every field may be missing.
 */

export interface GeminiPart {
  readonly text?: unknown;
  readonly thought?: unknown;
  readonly functionCall?: { readonly id?: unknown; readonly name?: unknown; readonly args?: unknown } | null;
}

export interface GeminiContent {
  readonly role?: unknown;
  readonly parts?: readonly GeminiPart[];
}

export interface GeminiRequestParams {
  readonly model?: unknown;
  readonly contents?: unknown;
  readonly config?: {
    readonly systemInstruction?: unknown;
    readonly temperature?: unknown;
    readonly topP?: unknown;
    readonly maxOutputTokens?: unknown;
    readonly tools?: readonly { readonly functionDeclarations?: readonly { readonly name?: unknown }[] }[];
    readonly abortSignal?: unknown;
  } | null;
}

/** `usageMetadata`: `promptTokenCount` includes cached tokens; thoughts are billed as output. */
export interface GeminiUsage {
  readonly promptTokenCount?: unknown;
  readonly candidatesTokenCount?: unknown;
  readonly totalTokenCount?: unknown;
  readonly cachedContentTokenCount?: unknown;
  readonly thoughtsTokenCount?: unknown;
  readonly toolUsePromptTokenCount?: unknown;
}

export interface GeminiResponse {
  readonly responseId?: unknown;
  readonly modelVersion?: unknown;
  readonly candidates?: readonly { readonly content?: GeminiContent | null; readonly finishReason?: unknown }[];
  readonly usageMetadata?: GeminiUsage | null;
  /** `embedContent` answers with these. */
  readonly embeddings?: readonly { readonly values?: readonly unknown[] }[];
  readonly metadata?: { readonly billableCharacterCount?: unknown } | null;
}
