/**
 * The functions a `TracedAgentProxy` hands out in place of the agent's methods: a traced
 * wrapper per selected method (one agent span per call, through the same `runInSpan` as the
 * decorators and scopes), and for the others a wrapper that only puts the real agent back as
 * `this`, so methods that touch `#private` fields run whichever way they are reached.
 */
import { getClient } from '../api/client.js';
import { isNativePromise } from '../api/run-in-span.js';
import { traceWithSpec } from '../api/scoped.js';
import { agentSpec, type AgentSpanOptions, type SpanSpec } from '../api/span-specs.js';
import { isTracingSuppressed } from '../context/active-span.js';
import { createContextKey, type Context } from '../context/context.js';
import { getActiveContext, withContext } from '../context/context-manager.js';
import { ATTR_AGENT_ARGS_COUNT, ATTR_AGENT_INPUT, ATTR_AGENT_METHOD, ATTR_AGENT_OUTPUT } from '../core/semconv.js';
import type { Span } from '../core/types.js';
import { reportInternalError } from '../diag/internal-errors.js';
import {
  deferCapture,
  resolveCallCapture,
  type CallCapture,
  type PreparedCaptureConfig,
} from '../instrumentation/genai/capture.js';
import { isPassThroughFunction, type AgentMethodKey } from './agent-selection.js';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Everything one proxy needs at call time; one per wrapped agent. */
export interface AgentState {
  readonly target: object;
  /** Set right after the Proxy is made. */
  proxy: object;
  /**
   * Plain objects (`{ run() {} }`) cannot have `#private` fields, so their methods run with the
   * proxy as `this` and internal calls go through it. Class instances run with the real agent
   * as `this`; their internal calls are traced through the prototype shim (agent-shim.ts).
   */
  readonly proxyAsThis: boolean;
  readonly select: (key: AgentMethodKey) => boolean;
  /** `agentType`, `agentName` and user attributes; `operation` is added per call. */
  readonly span: AgentSpanOptions;
  readonly capture: PreparedCaptureConfig;
  /** Property key → the function last seen there and what the proxy hands out for it. */
  readonly handedOut: Map<AgentMethodKey, { readonly fn: unknown; readonly out: unknown }>;
}

/**
 * Marks the async context of a traced agent call with the agent it belongs to: the prototype
 * shim traces a method looked up on that agent only inside one of its own traced calls.
 */
const AGENT_SCOPE_KEY = createContextKey('agent-proxy.scope');

/** True when the running code is inside a traced call of `target` (and tracing is on). */
export function isInAgentCall(target: object): boolean {
  return getClient().isEnabled && getActiveContext().getValue(AGENT_SCOPE_KEY) === target;
}

/** Every function this module handed out, so a lookup that already went through the shim is not wrapped twice. */
const HANDED_OUT = new WeakSet<object>();

/** True for a function a proxy (or its shim) returned. */
export function isHandedOut(value: unknown): boolean {
  return typeof value === 'function' && HANDED_OUT.has(value);
}

function keyName(key: AgentMethodKey): string {
  return typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
}

function copyShape(target: AnyFunction, source: AnyFunction): void {
  try {
    Object.defineProperty(target, 'name', { value: source.name, configurable: true });
    Object.defineProperty(target, 'length', { value: source.length, configurable: true });
  } catch {
    // Cosmetic only: an odd function keeps the wrapper's own name.
  }
}

function callSpec(state: AgentState, name: string, argCount: number): SpanSpec {
  const spec = agentSpec({ ...state.span, operation: name });
  spec.attributes[ATTR_AGENT_METHOD] = name;
  spec.attributes[ATTR_AGENT_ARGS_COUNT] = argCount;
  return spec;
}

/** Records the arguments as `agent.input`; only on a recording span (no work for unsampled calls). */
function setInput(span: Span, args: unknown[], capture: CallCapture): void {
  try {
    if (!capture.inputs || args.length === 0 || !span.isRecording()) return;
    const input = deferCapture(args, capture.maxInputLength, capture.redact);
    if (input !== undefined) span.setAttribute(ATTR_AGENT_INPUT, input);
  } catch (error) {
    reportInternalError('TracedAgentProxy.input', error);
  }
}

const TAG = Object.prototype.toString;
const NOOP = (): void => {};

function setOutput(span: Span, state: AgentState, value: unknown, capture: CallCapture): void {
  try {
    // Nothing worth recording: no value, the agent itself (fluent `return this`), or a function.
    if (value === undefined || value === state.target || value === state.proxy || typeof value === 'function') return;
    if (span.isEnded()) return;
    const output = deferCapture(value, capture.maxOutputLength, capture.redact);
    if (output !== undefined) span.setAttribute(ATTR_AGENT_OUTPUT, output);
  } catch (error) {
    reportInternalError('TracedAgentProxy.output', error);
  }
}

/**
 * Records the method's result as `agent.output`: now for a value, at resolution for a promise
 * (a side reaction registered before runInSpan's, so it lands before the span ends, and never
 * an unhandled rejection). Generators are traced for their lifetime, but what they yield is
 * the caller's to read: nothing is recorded.
 */
function observeOutput(span: Span, state: AgentState, result: unknown, capture: CallCapture): void {
  try {
    if (typeof result === 'object' && result !== null) {
      if (isNativePromise(result)) {
        void result.then.call(result, (value: unknown) => setOutput(span, state, value, capture), NOOP);
        return;
      }
      const tag = TAG.call(result);
      if (tag === '[object Generator]' || tag === '[object AsyncGenerator]') return;
    }
    setOutput(span, state, result, capture);
  } catch (error) {
    reportInternalError('TracedAgentProxy.output', error);
  }
}

/** The traced stand-in for one method: one agent span per call, with the HOUSE_STYLE rule 7 shape. */
function tracedMethod(state: AgentState, key: AgentMethodKey, original: AnyFunction): AnyFunction {
  const name = keyName(key);
  const traced = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target !== undefined) return Reflect.construct(original, args) as unknown;
    const viaProxy = this === state.proxy;
    const self = viaProxy && !state.proxyAsThis ? state.target : this;
    const client = getClient();
    if (!client.isEnabled || isTracingSuppressed()) return original.apply(self, args);
    let spec: SpanSpec;
    let capture: CallCapture;
    let ctx: Context;
    try {
      capture = resolveCallCapture(state.capture, client.capture);
      spec = callSpec(state, name, args.length);
      ctx = getActiveContext().setValue(AGENT_SCOPE_KEY, state.target);
    } catch (error) {
      reportInternalError('TracedAgentProxy', error);
      return original.apply(self, args);
    }
    const result = withContext(ctx, () =>
      traceWithSpec(spec, (span) => {
        setInput(span, args, capture);
        const value = original.apply(self, args);
        if (capture.outputs && span.isRecording()) observeOutput(span, state, value, capture);
        return value;
      })
    );
    // A fluent `return this` hands back the proxy, as it would if `this` had been the proxy.
    return viaProxy && result === state.target ? state.proxy : result;
  };
  copyShape(traced, original);
  return traced;
}

/**
 * An untraced method of a class instance: the real agent as `this` when called on the proxy,
 * and the selected methods it calls on `this` traced, as they would be through the proxy.
 */
function untracedMethod(state: AgentState, original: AnyFunction): AnyFunction {
  const passThrough = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target !== undefined) return Reflect.construct(original, args) as unknown;
    if (this !== state.proxy) return original.apply(this, args);
    if (!getClient().isEnabled) return original.apply(state.target, args);
    const ctx = getActiveContext().setValue(AGENT_SCOPE_KEY, state.target);
    return withContext(ctx, () => original.apply(state.target, args));
  };
  copyShape(passThrough, original);
  return passThrough;
}

/**
 * What the proxy hands out for the function `fn` found under `key`: the same object for the
 * same function on every read (`proxy.run === proxy.run`), a new one when the agent's
 * property now holds another function.
 */
export function methodFor(state: AgentState, key: AgentMethodKey, fn: AnyFunction): unknown {
  const seen = state.handedOut.get(key);
  if (seen !== undefined && seen.fn === fn) return seen.out;
  let out: unknown = fn;
  if (!isPassThroughFunction(fn)) {
    if (state.select(key)) out = tracedMethod(state, key, fn);
    else if (!state.proxyAsThis) out = untracedMethod(state, fn);
  }
  if (out !== fn) HANDED_OUT.add(out as AnyFunction);
  state.handedOut.set(key, { fn, out });
  return out;
}
