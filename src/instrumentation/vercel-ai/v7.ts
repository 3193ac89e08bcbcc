/**
 * How `ai` 7 is traced: `noveumAITelemetry()` is a telemetry integration for
 * `registerTelemetry()` or `telemetry.integrations`; `autoInstrument('ai')` registers one on each
 * copy of `ai` 7 it sees (through the module's own `registerTelemetry`), and wraps `streamText` so
 * a stream the consumer stops reading still ends its spans (ai 7 sends no event for that).
 */
import type { InstallSpec, LiveSettings } from '../types.js';
import { getActiveContext, withContext } from '../../context/context-manager.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { prepareCaptureConfig, type GenAICaptureConfig } from '../genai/capture.js';
import type { AIOperation } from './constants.js';
import { observeStreamResult } from './streaming.js';
import { CALL_HOLDER_KEY, TELEMETRY_MARK, NoveumAITelemetry, type CallHolder } from './telemetry.js';

/**
 * A telemetry integration for `ai` 7: each `generateText`, `streamText`, `generateObject`,
 * `streamObject`, `embed` and `embedMany` call becomes an operation span with one LLM span per
 * model call (usage, cost, finish reason; time to first token for streams) and a span per tool
 * execution, nested under the caller's active span.
 *
 * @param config - what to capture of inputs and outputs (default: the `init()` settings)
 * @returns an object with the lifecycle callbacks `ai` 7 calls
 * @example
 * ```ts
 * import { registerTelemetry } from 'ai';
 * import { noveumAITelemetry } from 'noveum-trace';
 * registerTelemetry(noveumAITelemetry());
 * ```
 */
export function noveumAITelemetry(config?: GenAICaptureConfig): NoveumAITelemetry {
  let prepared = prepareCaptureConfig(undefined);
  try {
    prepared = prepareCaptureConfig(config);
  } catch (error) {
    // A hostile config object (a throwing proxy) must not break the caller: the init() settings apply.
    reportInternalError('vercel-ai.noveumAITelemetry', error);
  }
  return new NoveumAITelemetry(() => prepared);
}

// The function exports of `ai` 7 copies: their calls are traced by the integration, not by options.
const ai7Functions = new WeakSet<object>();

/** Remembers the functions of `moduleExports` when it is `ai` 7 (it has `registerTelemetry`). */
export function noteAI7Module(moduleExports: Readonly<Record<string, unknown>>): void {
  if (typeof moduleExports.registerTelemetry !== 'function') return;
  for (const name of ['generateText', 'streamText', 'generateObject', 'streamObject', 'embed', 'embedMany']) {
    const fn = moduleExports[name];
    if (typeof fn === 'function') ai7Functions.add(fn);
  }
}

/** True for a function export of `ai` 7. */
export function isAI7Function(fn: unknown): boolean {
  return typeof fn === 'function' && ai7Functions.has(fn);
}

/** The integrations `ai` 7 keeps globally (where its `registerTelemetry` puts them). */
function registered(): unknown[] {
  const list = (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown }).AI_SDK_TELEMETRY_INTEGRATIONS;
  return Array.isArray(list) ? list : [];
}

const isOurs = (x: unknown): boolean =>
  x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[TELEMETRY_MARK] === true;

/** `autoInstrument('ai')` on `ai` 7: one integration registered globally (none if the app registered ours). */
export const REGISTER_TELEMETRY: InstallSpec<AIOperation> = {
  kind: 'install',
  operation: 'registerTelemetry',
  install(root: object, settings: LiveSettings) {
    const register = (root as { registerTelemetry?: unknown }).registerTelemetry;
    if (typeof register !== 'function' || registered().some(isOurs)) return undefined;
    const telemetry = new NoveumAITelemetry(
      () => settings.capture,
      () => settings.enabled
    );
    (register as (t: unknown) => void)(telemetry);
    return () => {
      // ai 7 has no way to unregister: take ours out of its list (it is inert anyway once disabled).
      const list = registered();
      const at = list.indexOf(telemetry);
      if (at >= 0) list.splice(at, 1);
    };
  },
};

/**
 * `streamText` of `ai` 7, run with a holder in the context that the integration's `onStart`
 * fills in, so the result's streams can end that call when the consumer stops reading.
 */
export function wrapAI7Stream(
  original: (...args: unknown[]) => unknown,
  settings: LiveSettings
): (...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]): unknown {
    if (!settings.enabled) return original.apply(this, args);
    const holder: CallHolder = {};
    const result = withContext(getActiveContext().setValue(CALL_HOLDER_KEY, holder), () => original.apply(this, args));
    observeStreamResult(result, (error) => holder.owner?.abandon(holder.callId, error));
    return result;
  };
}
