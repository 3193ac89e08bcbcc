import type { InstrumentationConfig } from '../types.js';

/** Options of the Anthropic integration (auto-instrumentation, `instrument()` and `TracedAnthropicClient`). */
export type AnthropicInstrumentationConfig = InstrumentationConfig;
