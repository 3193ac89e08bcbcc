import type { MethodRegistry } from '../types.js';

/**
 * @mistralai/mistralai versions whose shape this integration knows: the ESM-only 2.x SDK, whose
 * `Chat` (`complete`, `stream`, `parse`, `parseStream`) and `Embeddings` (`create`) classes live
 * in the `./sdk/chat.js` and `./sdk/embeddings.js` subpath modules, with camelCase results and
 * `EventStream` (a `ReadableStream`) streams. Tested with 2.5.0; the same shape read in 2.7.0's
 * source (whose optional OpenTelemetry 2.x peers clash with this repository's dev tree).
 */
export const MISTRAL_SUPPORTED_VERSIONS = '>=2.0.0 <3';

/** `gen_ai.provider.name` of Mistral AI (OpenTelemetry's well-known value). */
export const MISTRAL_PROVIDER = 'mistral_ai';

/** The modules holding the resource classes: the SDK's main entry does not export them. */
export const MISTRAL_CLASS_MODULES = [
  '@mistralai/mistralai/sdk/chat.js',
  '@mistralai/mistralai/sdk/embeddings.js',
] as const;

/**
 * The modules hooked. The main entry imports the class modules by relative path, which the
 * import hook never sees by name: loading the main entry (or either class module) reaches the
 * class modules of the same copy as siblings.
 */
export const MISTRAL_MODULES = ['@mistralai/mistralai', ...MISTRAL_CLASS_MODULES] as const;

export type MistralOperation = 'chat' | 'embeddings';

/** Patchable methods; `owner` is the class name exported by the subpath module. */
export const MISTRAL_METHODS = {
  'chat.complete': { owner: ['Chat'], method: 'complete', operation: 'chat' },
  'chat.stream': { owner: ['Chat'], method: 'stream', operation: 'chat' },
  'chat.parse': { owner: ['Chat'], method: 'parse', operation: 'chat' },
  'chat.parseStream': { owner: ['Chat'], method: 'parseStream', operation: 'chat' },
  'embeddings.create': { owner: ['Embeddings'], method: 'create', operation: 'embeddings' },
} as const satisfies MethodRegistry<MistralOperation>;

/** Methods that return a stream. */
export const MISTRAL_STREAM_METHODS: ReadonlySet<string> = new Set(['chat.stream', 'chat.parseStream']);
