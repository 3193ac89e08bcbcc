import type { InstrumentationConfig } from '../types.js';

/** Options of the OpenAI integration (auto-instrumentation, `instrument()` and `TracedOpenAIClient`). */
export type OpenAIInstrumentationConfig = InstrumentationConfig;
