import type { InstrumentationConfig } from '../types.js';

/** Options of the Mistral integration (auto-instrumentation and `instrument()`). */
export type MistralInstrumentationConfig = InstrumentationConfig;
