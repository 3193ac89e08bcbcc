/**
 * The libraries auto-discovery knows: which npm package(s) each one is, the versions its
 * integration supports (read from the integration's own constants, never restated here), and
 * how to turn it on. The integration is reached only through the public instrumentation API.
 */
import type { AutoInstrumentOptions, InstrumentationName } from '../instrumentation/index.js';
import { autoInstrument, getInstrumentationStatus } from '../instrumentation/index.js';
import { ANTHROPIC_SUPPORTED_VERSIONS } from '../instrumentation/anthropic/constants.js';
import { LANGCHAIN_PACKAGE, LANGCHAIN_SUPPORTED_VERSIONS } from '../instrumentation/langchain/constants.js';
import { BEDROCK_SUPPORTED_VERSIONS } from '../instrumentation/bedrock/constants.js';
import { GOOGLE_GENAI_SUPPORTED_VERSIONS } from '../instrumentation/google-genai/constants.js';
import { MISTRAL_SUPPORTED_VERSIONS } from '../instrumentation/mistral/constants.js';
import { LLAMAINDEX_SUPPORTED_VERSIONS } from '../instrumentation/llamaindex/constants.js';
import { OPENAI_SUPPORTED_VERSIONS } from '../instrumentation/openai/constants.js';
import { AI_SUPPORTED_VERSIONS } from '../instrumentation/vercel-ai/constants.js';
import { OPENAI_AGENTS_MODULES, OPENAI_AGENTS_SUPPORTED_VERSIONS } from '../instrumentation/openai-agents/constants.js';

/** A library discovery can find and instrument. */
export interface SupportedLibrary {
  /** The name used in options and reports, e.g. `'openai'` or `'anthropic'`. */
  readonly name: string;
  /** npm package names that are this library (the first is shown in reports). */
  readonly packages: readonly string[];
  /** Semver range with an upper bound, e.g. `>=5.0.0 <8`; other versions are skipped. */
  readonly supportedVersions: string;
  /**
   * Turns the integration on (it must also reach copies loaded later) and returns the traced
   * method paths. Throwing, or returning no methods, reports the library as failed.
   */
  instrument(options: AutoInstrumentOptions): readonly string[];
}

/** A registry entry backed by `autoInstrument(name)`: one line per integration. */
export function integrationEntry(
  name: InstrumentationName,
  supportedVersions: string,
  packages: readonly string[] = [name]
): SupportedLibrary {
  return {
    name,
    packages,
    supportedVersions,
    instrument(options) {
      // Already on (the user's own autoInstrument call, or init then enableAutoTracing): keep
      // the user's method selection instead of resetting it to every method.
      const status = getInstrumentationStatus(name);
      if (status.active && options.config === undefined && status.methods.length > 0) return status.methods;
      // autoInstrument never throws; false means it reported why through diag.
      if (!autoInstrument(name, options)) throw new Error(`autoInstrument('${name}') did not enable it`);
      return getInstrumentationStatus(name).methods;
    },
  };
}

/**
 * Every supported library, in report order. A new integration is one entry, e.g.
 * `integrationEntry('anthropic', ANTHROPIC_SUPPORTED_VERSIONS, ['@anthropic-ai/sdk'])`.
 */
export const SUPPORTED_LIBRARIES: readonly SupportedLibrary[] = Object.freeze([
  integrationEntry('openai', OPENAI_SUPPORTED_VERSIONS),
  integrationEntry('anthropic', ANTHROPIC_SUPPORTED_VERSIONS, ['@anthropic-ai/sdk']),
  integrationEntry('openai-agents', OPENAI_AGENTS_SUPPORTED_VERSIONS, OPENAI_AGENTS_MODULES),
  integrationEntry('langchain', LANGCHAIN_SUPPORTED_VERSIONS, [LANGCHAIN_PACKAGE]),
  integrationEntry('google-genai', GOOGLE_GENAI_SUPPORTED_VERSIONS, ['@google/genai']),
  integrationEntry('bedrock', BEDROCK_SUPPORTED_VERSIONS, ['@aws-sdk/client-bedrock-runtime']),
  integrationEntry('mistral', MISTRAL_SUPPORTED_VERSIONS, ['@mistralai/mistralai']),
  integrationEntry('llamaindex', LLAMAINDEX_SUPPORTED_VERSIONS),
  integrationEntry('ai', AI_SUPPORTED_VERSIONS),
]);
