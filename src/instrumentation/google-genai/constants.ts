import type { MethodRegistry } from '../types.js';

/**
 * @google/genai versions whose shape this integration knows: `Models` sets `generateContent`,
 * `generateContentStream` and `embedContent` as arrow functions in its constructor (so they are
 * wrapped as instances assign them), and `Chat#sendMessage(Stream)` call them. Read in 2.x's
 * source and tested with 2.32.0 (the newest release for Node 20; 3.x needs Node 22).
 */
export const GOOGLE_GENAI_SUPPORTED_VERSIONS = '>=2.0.0 <3';

/** `gen_ai.provider.name` of the Gemini API (OpenTelemetry's well-known value). */
export const GOOGLE_GENAI_PROVIDER = 'gcp.gemini';

/** Operations, as written to `llm.operation` and the span name. */
export type GoogleGenAIOperation = 'chat' | 'embeddings';

/**
 * Patchable methods: per-instance arrow properties of `Models` (exported by the module), wrapped
 * when a `GoogleGenAI` client builds its `models`. Clients built before patching stay untraced.
 */
export const GOOGLE_GENAI_METHODS = {
  'models.generateContent': { kind: 'instance', owner: ['Models'], method: 'generateContent', operation: 'chat' },
  'models.generateContentStream': {
    kind: 'instance',
    owner: ['Models'],
    method: 'generateContentStream',
    operation: 'chat',
  },
  'models.embedContent': { kind: 'instance', owner: ['Models'], method: 'embedContent', operation: 'embeddings' },
} as const satisfies MethodRegistry<GoogleGenAIOperation>;

/** Chats send through the client's `models`, so each message is traced once, with the history it sent. */
export const GOOGLE_GENAI_METHOD_ALIASES: Readonly<Record<string, keyof typeof GOOGLE_GENAI_METHODS>> = {
  'chats.sendMessage': 'models.generateContent',
  'chats.sendMessageStream': 'models.generateContentStream',
};
