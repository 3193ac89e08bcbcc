/**
 * `ai` (Vercel AI SDK) versions whose telemetry hook this integration knows: 5.x and 6.x take an
 * OpenTelemetry-shaped tracer through `experimental_telemetry.tracer` (tested with 6.0). `ai` 7
 * moved telemetry to `registerTelemetry()` and a diagnostics channel and is not covered.
 */
export const AI_SUPPORTED_VERSIONS = '>=5.0.0 <7';

/** The package name hooked by `autoInstrument('ai')`. */
export const AI_PACKAGE = 'ai';

/** Where an operation span keeps the SDK's aggregated usage (its steps carry the LLM usage). */
export const AI_TOTAL_USAGE_PREFIX = 'ai.total_usage.';

/** The function exports `autoInstrument('ai')` turns telemetry on for. */
export type AIOperation = 'generateText' | 'streamText' | 'generateObject' | 'streamObject' | 'embed' | 'embedMany';

/** The ones returning a result whose streams end the spans (`streamText`, `streamObject`). */
export const AI_STREAMING_OPERATIONS: readonly AIOperation[] = ['streamText', 'streamObject'];
