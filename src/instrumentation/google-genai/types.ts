import type { InstrumentationConfig } from '../types.js';

/** Options of the Google GenAI integration (auto-instrumentation and `instrument()`). */
export type GoogleGenAIInstrumentationConfig = InstrumentationConfig;
