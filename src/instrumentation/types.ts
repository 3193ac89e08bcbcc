/**
 * Public configuration of the instrumentations, and the shape of a library definition that
 * each `instrumentation/<lib>/` folder provides (so anthropic, langchain, ... slot in later).
 */
import type { GenAICaptureConfig, PreparedCaptureConfig } from './genai/capture.js';

/** Libraries `autoInstrument` knows. */
export type InstrumentationName = 'openai';

/** Per-instrumentation settings: what to capture of inputs and outputs. */
export type InstrumentationConfig = GenAICaptureConfig;

/** Options of `autoInstrument`. */
export interface AutoInstrumentOptions {
  /** Dotted method paths to trace, e.g. `['chat.completions.create', 'embeddings.create']`; default all. */
  readonly methods?: readonly string[];
  readonly config?: InstrumentationConfig;
}

/** One patchable method: `owner` is the path of static class names from the library's main class. */
export interface MethodSpec<Op extends string = string> {
  readonly owner: readonly string[];
  readonly method: string;
  readonly operation: Op;
}

/** Every method an integration can patch, keyed by its public dotted path. */
export type MethodRegistry<Op extends string = string> = Readonly<Record<string, MethodSpec<Op>>>;

/** Settings a wrapper reads at call time, so re-configuring does not need re-patching. */
export interface LiveSettings {
  /** False after `uninstrument()`: a wrapper that could not be removed passes calls straight through. */
  enabled: boolean;
  capture: PreparedCaptureConfig;
}

/** What an `instrumentation/<lib>/index.ts` exports for the generic patcher and hooks. */
export interface LibraryDefinition {
  readonly name: InstrumentationName;
  /** Package names whose loading is hooked (require and import). */
  readonly moduleNames: readonly string[];
  /** A semver range with an upper bound; other versions are left untouched with one warning. */
  readonly supportedVersions: string;
  readonly methods: MethodRegistry;
  /** Helper methods that are traced through another one (e.g. `chat.completions.parse` → `create`). */
  readonly aliases: Readonly<Record<string, string>>;
  /** The object `MethodSpec.owner` paths start from (the client class), or undefined for an unknown shape. */
  resolveRoot(moduleExports: unknown): object | undefined;
  /** Builds the traced replacement of `original`. */
  wrap(
    original: (...args: unknown[]) => unknown,
    path: string,
    spec: MethodSpec,
    settings: LiveSettings
  ): (...args: unknown[]) => unknown;
}
