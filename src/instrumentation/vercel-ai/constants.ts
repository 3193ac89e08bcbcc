/**
 * `ai` (Vercel AI SDK) versions whose telemetry hook this integration knows: 5.x and 6.x take an
 * OpenTelemetry-shaped tracer through `experimental_telemetry.tracer` (tested with 5.0 and 6.0);
 * 7.x (Node 22+, ESM only) takes integrations of lifecycle callbacks through `registerTelemetry()`
 * or `telemetry.integrations` (tested with 7.0 on Node 22).
 */
export const AI_SUPPORTED_VERSIONS = '>=5.0.0 <8';

/** The package name hooked by `autoInstrument('ai')`. */
export const AI_PACKAGE = 'ai';

/** Where an operation span keeps the SDK's aggregated usage (its steps carry the LLM usage). */
export const AI_TOTAL_USAGE_PREFIX = 'ai.total_usage.';

/** The function exports `autoInstrument('ai')` turns telemetry on for. */
export type AIOperation =
  'generateText' | 'streamText' | 'generateObject' | 'streamObject' | 'embed' | 'embedMany' | 'registerTelemetry';

/** The ones returning a result whose streams end the spans (`streamText`, `streamObject`). */
export const AI_STREAMING_OPERATIONS: readonly AIOperation[] = ['streamText', 'streamObject'];

/** The `operationId`s of ai 7 whose calls stream (their LLM spans carry a stream outcome). */
export const AI_STREAMING_OPERATION_IDS: readonly string[] = ['ai.streamText', 'ai.streamObject'];
