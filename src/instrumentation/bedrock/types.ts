import type { InstrumentationConfig } from '../types.js';

/** Options of the Amazon Bedrock Runtime integration (auto-instrumentation and `instrument()`). */
export type BedrockInstrumentationConfig = InstrumentationConfig;
