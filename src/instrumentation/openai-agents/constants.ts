/**
 * `@openai/agents` versions whose tracing API this integration knows (tested with 0.20): the
 * processor interface, `getGlobalTraceProvider()` and `getCurrentSpan()` of agents-core.
 */
export const OPENAI_AGENTS_SUPPORTED_VERSIONS = '>=0.20.0 <1';

/** The umbrella package (its import installs OpenAI's trace exporter) and the core holding the tracing API. */
export const OPENAI_AGENTS_MODULES = ['@openai/agents', '@openai/agents-core'] as const;

/** The provider its model spans are written as (the models are OpenAI's Responses and Chat APIs). */
export const AGENTS_PROVIDER = 'openai';

/** The two things `autoInstrument('openai-agents')` does, selectable through `methods`. */
export type OpenAIAgentsOperation = 'add-processor' | 'replace-processors';
