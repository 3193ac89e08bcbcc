/**
 * Public configuration of the instrumentations, and the shape of a library definition that
 * each `instrumentation/<lib>/` folder provides (so anthropic, langchain, ... slot in later).
 */
import type { GenAICaptureConfig, PreparedCaptureConfig } from './genai/capture.js';

export type { InstrumentationName } from './registry.js';

/** Per-instrumentation settings: what to capture of inputs and outputs. */
export type InstrumentationConfig = GenAICaptureConfig;

/** Options of `autoInstrument`. */
export interface AutoInstrumentOptions {
  /** Dotted method paths to trace, e.g. `['chat.completions.create', 'embeddings.create']`; default all. */
  readonly methods?: readonly string[];
  readonly config?: InstrumentationConfig;
}

/**
 * One thing an integration hooks, keyed in its registry by a public dotted path. The kinds:
 * - `prototype` (the default when `kind` is absent): a method on the prototype of a class reached
 *   through static references from the library's root (`OpenAI.Chat.Completions`);
 * - `function`: a function the module exports (`generateText` of `ai`), replaced on the module object;
 * - `instance`: a method each instance sets as an own property in its constructor (arrow
 *   properties such as `@google/genai`'s `Models#generateContent`), wrapped as it is assigned;
 * - `static`: a static method of the class at `owner` (LangChain's `CallbackManager._configureSync`);
 * - `install`: a handler or processor the library calls (LangChain callbacks, OpenAI Agents
 *   trace processors), registered by `install` and removed by the function it returns.
 */
export type MethodSpec<Op extends string = string> =
  PrototypeMethodSpec<Op> | FunctionExportSpec<Op> | InstancePropertySpec<Op> | StaticMethodSpec<Op> | InstallSpec<Op>;

/** A prototype method: `owner` is the path of static class names from the library's root. */
export interface PrototypeMethodSpec<Op extends string = string> {
  readonly kind?: 'prototype';
  readonly owner: readonly string[];
  readonly method: string;
  readonly operation: Op;
}

/** A function export of the module (the root is the module object). */
export interface FunctionExportSpec<Op extends string = string> {
  readonly kind: 'function';
  readonly export: string;
  readonly operation: Op;
}

/**
 * A method assigned per instance in the constructor of the class at `owner`. Instances built
 * before patching keep their own unwrapped method (their constructor has already run).
 */
export interface InstancePropertySpec<Op extends string = string> {
  readonly kind: 'instance';
  readonly owner: readonly string[];
  readonly method: string;
  readonly operation: Op;
}

/** A static method of the class at `owner` (replaced on the class object itself). */
export interface StaticMethodSpec<Op extends string = string> {
  readonly kind: 'static';
  readonly owner: readonly string[];
  readonly method: string;
  readonly operation: Op;
}

/** A handler/processor the library calls: `install` registers it and returns its removal. */
export interface InstallSpec<Op extends string = string> {
  readonly kind: 'install';
  readonly operation: Op;
  install(root: object, settings: LiveSettings): (() => void) | undefined;
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
  /** The key of this definition in registry.ts (what `autoInstrument` takes). */
  readonly name: string;
  /**
   * Package names whose loading is hooked (require and import). Each copy found (the app's,
   * nested `node_modules` copies, the ESM and CommonJS builds) is handed to `resolveRoot`.
   */
  readonly moduleNames: readonly string[];
  /** A semver range with an upper bound; other versions are left untouched with one warning. */
  readonly supportedVersions: string;
  /**
   * For a library spread over packages that version apart (`@llamaindex/core` 0.6 beside
   * `@llamaindex/openai` 0.4): the range of each package, by package name. A copy of a package
   * not listed here is held to `supportedVersions`.
   */
  readonly packageVersions?: Readonly<Record<string, string>>;
  readonly methods: MethodRegistry;
  /** Helper methods that are traced through another one (e.g. `chat.completions.parse` → `create`). */
  readonly aliases: Readonly<Record<string, string>>;
  /**
   * Subpath modules of the same package copy that hold what is patched, reached from any hooked
   * module of that copy, in the same module format. Set when dependents rarely import those
   * subpaths by name (LangChain's `callbacks/manager` is only reached through relative imports
   * inside `@langchain/core`, so a hook on its name alone never fires for a typical app).
   * `resolveRoot` then receives `{ [subpath]: exports }` of the ones found.
   */
  readonly siblingModules?: readonly string[];
  /** The object `MethodSpec.owner` paths start from (the client class), or undefined for an unknown shape. */
  resolveRoot(moduleExports: unknown): object | undefined;
  /** Builds the traced replacement of `original` (for every kind but `install`). */
  wrap(
    original: (...args: unknown[]) => unknown,
    path: string,
    spec: MethodSpec,
    settings: LiveSettings
  ): (...args: unknown[]) => unknown;
  /**
   * For a library whose function exports cannot always be replaced in place (a real ES module
   * namespace, a CommonJS build of read-only getters): the object to patch for `root`, which is
   * `root` itself when it is writable, a writable stand-in for a `require` seen by the hook
   * (`origin` `hook`; later `require` calls get the stand-in), or undefined when this copy cannot
   * be traced (the definition says why, if the user should know). `loaded`: a copy the app
   * loaded before the hooks; `given`: the module passed to `instrument()`.
   */
  writableRoot?(root: object, format: 'cjs' | 'esm', origin: 'hook' | 'loaded' | 'given'): object | undefined;
}
