/**
 * Every supported library, by the name `autoInstrument` takes. Adding an integration is its
 * folder plus one line here; `InstrumentationName` follows from the keys.
 */
import { ANTHROPIC_DEFINITION } from './anthropic/index.js';
import { LANGCHAIN_DEFINITION } from './langchain/index.js';
import { BEDROCK_DEFINITION } from './bedrock/index.js';
import { GOOGLE_GENAI_DEFINITION } from './google-genai/index.js';
import { MISTRAL_DEFINITION } from './mistral/index.js';
import { LLAMAINDEX_DEFINITION } from './llamaindex/index.js';
import { OPENAI_DEFINITION } from './openai/index.js';
import { OPENAI_AGENTS_DEFINITION } from './openai-agents/index.js';
import { AI_DEFINITION } from './vercel-ai/index.js';
import type { LibraryDefinition } from './types.js';

export const DEFINITIONS = {
  openai: OPENAI_DEFINITION,
  anthropic: ANTHROPIC_DEFINITION,
  'openai-agents': OPENAI_AGENTS_DEFINITION,
  langchain: LANGCHAIN_DEFINITION,
  'google-genai': GOOGLE_GENAI_DEFINITION,
  bedrock: BEDROCK_DEFINITION,
  mistral: MISTRAL_DEFINITION,
  llamaindex: LLAMAINDEX_DEFINITION,
  ai: AI_DEFINITION,
} as const satisfies Readonly<Record<string, LibraryDefinition>>;

/** Libraries `autoInstrument` knows. */
export type InstrumentationName = keyof typeof DEFINITIONS;
