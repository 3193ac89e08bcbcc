/**
 * The Vercel AI SDK (`ai` 5, 6 and 7) integration, through the SDK's own telemetry hooks. `ai` 7
 * takes integration objects instead of a tracer: see v7.ts. For `ai` 5 and 6,
 * `experimental_telemetry: { isEnabled: true, tracer: noveumAITracer() }` maps its spans onto ours
 * (see tracer.ts). `autoInstrument('ai')` turns that on for calls that set no telemetry, by
 * replacing the `generateText`, `streamText`, ... exports: on import-in-the-middle's namespace
 * for ES modules, and on a writable stand-in of the exports that the require hook hands out for
 * CommonJS (whose exports are read-only getters). A copy loaded before the hooks cannot be
 * patched: writable-root.ts says so once.
 */
import type { FunctionExportSpec, LibraryDefinition, LiveSettings, MethodRegistry } from '../types.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { prepareCaptureConfig } from '../genai/capture.js';
import type { GenAICaptureConfig } from '../genai/capture.js';
import { AI_PACKAGE, AI_STREAMING_OPERATIONS, AI_SUPPORTED_VERSIONS, type AIOperation } from './constants.js';
import { observeStreamResult } from './streaming.js';
import { NoveumAITracer } from './tracer.js';
import { REGISTER_TELEMETRY, isAI7Function, noteAI7Module, wrapAI7Stream } from './v7.js';
import { writableAIRoot } from './writable-root.js';

export { noveumAITelemetry } from './v7.js';

/**
 * A tracer for the AI SDK's `experimental_telemetry`: each `generateText`, `streamText`,
 * `generateObject`, `streamObject`, `embed` and `embedMany` call becomes an operation span with
 * one LLM span per model call (usage, cost, finish reason; time to first token for streams) and
 * a span per tool call, nested under the caller's active span.
 *
 * @param config - what to capture of inputs and outputs (default: the `init()` settings)
 * @returns an object with the OpenTelemetry `Tracer` methods the AI SDK calls
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * import { noveumAITracer } from 'noveum-trace';
 * await generateText({ model, prompt: 'Hi', experimental_telemetry: { isEnabled: true, tracer: noveumAITracer() } });
 * ```
 */
export function noveumAITracer(config?: GenAICaptureConfig): NoveumAITracer {
  try {
    return new NoveumAITracer(prepareCaptureConfig(config));
  } catch (error) {
    // A hostile config object (a throwing proxy) must not break the caller: the init() settings apply.
    reportInternalError('vercel-ai.noveumAITracer', error);
    return new NoveumAITracer();
  }
}

interface Telemetry {
  isEnabled?: unknown;
  tracer?: unknown;
}

/** The call's options with our tracer when the caller set no telemetry (or enabled it without a tracer). */
function withTracer(options: unknown, tracer: NoveumAITracer): unknown {
  if (options === null || typeof options !== 'object') return undefined;
  const telemetry = (options as { experimental_telemetry?: Telemetry }).experimental_telemetry;
  if (telemetry === undefined) return { ...options, experimental_telemetry: { isEnabled: true, tracer } };
  if (telemetry !== null && telemetry.isEnabled === true && telemetry.tracer === undefined) {
    return { ...options, experimental_telemetry: { ...telemetry, tracer } };
  }
  return undefined;
}

function wrapOperation(
  original: (...args: unknown[]) => unknown,
  operation: AIOperation,
  settings: LiveSettings
): (...args: unknown[]) => unknown {
  // ai 7 traces every call through the registered integration; only its streams need a hand.
  if (isAI7Function(original)) return operation === 'streamText' ? wrapAI7Stream(original, settings) : original;
  const streaming = AI_STREAMING_OPERATIONS.includes(operation);
  return function (this: unknown, ...args: unknown[]): unknown {
    if (!settings.enabled) return original.apply(this, args);
    let tracer: NoveumAITracer | undefined;
    try {
      tracer = new NoveumAITracer(settings.capture, () => settings.enabled);
      const options = withTracer(args[0], tracer);
      if (options === undefined) tracer = undefined;
      else {
        const signal = (options as { abortSignal?: unknown }).abortSignal;
        if (signal instanceof AbortSignal) tracer.signal = signal;
        tracer.claimScope();
        args = [options, ...args.slice(1)];
      }
    } catch (error) {
      reportInternalError('vercel-ai.wrap', error);
      tracer = undefined;
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      tracer?.releaseScope();
      throw error;
    }
    if (streaming && tracer !== undefined && operation === 'streamText') {
      const owner = tracer;
      observeStreamResult(result, (error) => owner.root?.abandon(error));
    }
    return result;
  };
}

const fn = (name: AIOperation): FunctionExportSpec<AIOperation> => ({
  kind: 'function',
  export: name,
  operation: name,
});

/** What `autoInstrument('ai', { methods })` selects; all by default. */
export const AI_METHODS = {
  generateText: fn('generateText'),
  streamText: fn('streamText'),
  generateObject: fn('generateObject'),
  streamObject: fn('streamObject'),
  embed: fn('embed'),
  embedMany: fn('embedMany'),
  registerTelemetry: REGISTER_TELEMETRY,
} as const satisfies MethodRegistry<AIOperation>;

function resolveAIModule(moduleExports: unknown): object | undefined {
  const m = moduleExports as { generateText?: unknown; streamText?: unknown } | null;
  if (m === null || typeof m !== 'object' || typeof m.generateText !== 'function') return undefined;
  if (typeof m.streamText !== 'function') return undefined;
  noteAI7Module(m as Record<string, unknown>);
  return m;
}

/** The definition the generic patcher, hooks and `instrument()` use. */
export const AI_DEFINITION: LibraryDefinition = {
  name: 'ai',
  moduleNames: [AI_PACKAGE],
  supportedVersions: AI_SUPPORTED_VERSIONS,
  methods: AI_METHODS,
  aliases: {},
  resolveRoot: resolveAIModule,
  writableRoot: writableAIRoot,
  wrap: (original, _path, spec, settings) => wrapOperation(original, spec.operation as AIOperation, settings),
};
