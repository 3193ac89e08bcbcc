/**
 * Every supported library, by the name `autoInstrument` takes. Adding an integration is its
 * folder plus one line here; `InstrumentationName` follows from the keys.
 */
import { ANTHROPIC_DEFINITION } from './anthropic/index.js';
import { LLAMAINDEX_DEFINITION } from './llamaindex/index.js';
import { OPENAI_DEFINITION } from './openai/index.js';
import type { LibraryDefinition } from './types.js';

export const DEFINITIONS = {
  openai: OPENAI_DEFINITION,
  anthropic: ANTHROPIC_DEFINITION,
  llamaindex: LLAMAINDEX_DEFINITION,
} as const satisfies Readonly<Record<string, LibraryDefinition>>;

/** Libraries `autoInstrument` knows. */
export type InstrumentationName = keyof typeof DEFINITIONS;
