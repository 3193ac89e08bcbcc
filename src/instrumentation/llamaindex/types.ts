import type { InstrumentationConfig } from '../types.js';

/** Capture settings of the LlamaIndex instrumentation (`autoInstrument('llamaindex', { config })`). */
export type LlamaIndexInstrumentationConfig = InstrumentationConfig;
