import type { GenAICaptureConfig } from '../genai/capture.js';

/**
 * Options of `NoveumCallbackHandler` and of `autoInstrument('langchain', { config })`: what to
 * capture, and `traceChains` (default true: a span per chain/runnable run; false keeps only the
 * model, tool and retriever spans).
 */
export type NoveumCallbackHandlerOptions = GenAICaptureConfig;

/** Options of `autoInstrument('langchain', { config })`. */
export type LangChainInstrumentationConfig = GenAICaptureConfig;
