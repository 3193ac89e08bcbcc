/**
 * `TracedAgentProxy`: traces every method call of an existing agent object as an agent span,
 * without editing its class. Methods are wrapped in agent-methods.ts; calls the agent makes on
 * itself nest through agent-shim.ts.
 */
import type { AgentSpanOptions } from '../api/span-specs.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { prepareCaptureConfig, type GenAICaptureConfig } from '../instrumentation/genai/capture.js';
import { isHandedOut, methodFor, type AgentState } from './agent-methods.js';
import { compileSelection, type AgentMethodSelection } from './agent-selection.js';
import { installShim, type InstalledShim } from './agent-shim.js';

export type { AgentMethodKey, AgentMethodSelection } from './agent-selection.js';

/** Options of `new TracedAgentProxy(agent, agentType, options)`. */
export interface AgentProxyOptions extends GenAICaptureConfig {
  /**
   * Which methods to trace: a list (exactly those, symbols allowed), or `{ include, exclude }`.
   * Default: every method with a string name except `toString`, `toLocaleString`, `toJSON`,
   * `valueOf`, `catch` and `finally`. `then` and `constructor` are never traced.
   */
  readonly methods?: AgentMethodSelection;
  /** Recorded as `agent.name`; names the spans `agent.<agentName>.<method>`. */
  readonly agentName?: string;
  /** Added to every span of this agent. */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Each agent's proxy, and each proxy's own entry, so wrapping again returns the same proxy. */
const proxies = new WeakMap<object, { readonly proxy: object; readonly agentType: string }>();

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function defaultAgentType(agent: object): string {
  try {
    const name = (Reflect.getPrototypeOf(agent) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'agent';
  } catch {
    return 'agent';
  }
}

const warned = new Set<string>();

/** One warning per distinct message: code that wraps in a loop does not flood the log. */
function misuse(message: string): void {
  incrementCounter('misuseWarnings');
  // Bounded: messages name agent types, and an app could make many; past that, only counted.
  if (warned.has(message) || warned.size >= 100) return;
  warned.add(message);
  diag.warn(`TracedAgentProxy: ${message}`);
}

function resolveAgentType(agent: object, agentType: unknown): string {
  if (typeof agentType === 'string' && agentType !== '') return agentType;
  const fallback = defaultAgentType(agent);
  if (agentType !== undefined)
    misuse(`agentType must be a non-empty string, got ${String(agentType)}; using "${fallback}"`);
  return fallback;
}

function makeState(agent: object, agentType: string, o: AgentProxyOptions): AgentState {
  const span: { -readonly [K in keyof AgentSpanOptions]: AgentSpanOptions[K] } = { agentType };
  if (typeof o.agentName === 'string') span.agentName = o.agentName;
  if (o.attributes !== null && typeof o.attributes === 'object') span.attributes = { ...o.attributes };
  const proto = Reflect.getPrototypeOf(agent);
  return {
    target: agent,
    proxy: agent,
    proxyAsThis: typeof agent !== 'function' && (proto === null || proto === Object.prototype),
    select: compileSelection(o.methods),
    span,
    capture: prepareCaptureConfig(o),
    handedOut: new Map(),
  };
}

/**
 * A Proxy may not report another value for a read-only, non-configurable own property (a method
 * of a frozen object): such a method is handed out as it is, untraced.
 */
function isReplaceable(target: object, key: PropertyKey): boolean {
  const desc = Reflect.getOwnPropertyDescriptor(target, key);
  return desc === undefined || desc.configurable === true || desc.writable === true || !('value' in desc);
}

function makeHandler(state: AgentState, shim: InstalledShim | undefined): ProxyHandler<object> {
  return {
    get(target, key, receiver) {
      // Accessors run on the real agent: a getter reading `#private` works through the proxy.
      const value: unknown = Reflect.get(target, key, receiver === state.proxy ? target : receiver);
      if (typeof value !== 'function' || isHandedOut(value)) return value;
      try {
        const out = methodFor(state, key, value as AnyFunction);
        return out === value || isReplaceable(target, key) ? out : value;
      } catch (error) {
        reportInternalError('TracedAgentProxy.get', error);
        return value;
      }
    },
    set(target, key, value, receiver) {
      // A setter writing `#private` needs the real agent as its receiver too.
      return Reflect.set(target, key, value, receiver === state.proxy ? target : receiver);
    },
    getPrototypeOf(target) {
      const proto = Reflect.getPrototypeOf(target);
      // The shim is an implementation detail; a non-extensible target must report its real prototype.
      if (shim !== undefined && proto === shim.shim && Reflect.isExtensible(target)) return shim.originalProto;
      return proto;
    },
  };
}

function createAgentProxy<T extends object>(agent: T, agentType: unknown, options: unknown): T {
  if (!isObjectLike(agent)) {
    misuse(`expected an object to trace, got ${agent === null ? 'null' : typeof agent}; returned it untraced`);
    return agent;
  }
  const existing = proxies.get(agent);
  if (existing !== undefined) {
    // Wrapping the proxy or the same agent again must not trace each call twice.
    if (typeof agentType === 'string' && agentType !== existing.agentType) {
      misuse(`this agent is already traced as "${existing.agentType}"; returned that proxy (its type stays)`);
    }
    return existing.proxy as T;
  }
  try {
    const type = resolveAgentType(agent, agentType);
    const o = (isObjectLike(options) ? options : {}) as AgentProxyOptions;
    const state = makeState(agent, type, o);
    const shim = state.proxyAsThis ? undefined : installShim(state);
    const proxy = new Proxy(agent, makeHandler(state, shim));
    state.proxy = proxy;
    const entry = { proxy, agentType: type };
    proxies.set(agent, entry);
    proxies.set(proxy, entry);
    return proxy as T;
  } catch (error) {
    reportInternalError('TracedAgentProxy', error);
    return agent;
  }
}

/**
 * Wraps an existing agent object so every method call is an agent span named
 * `agent.<agentType>.<method>`, with `agent.type`, `agent.operation` and `agent.method` (the
 * method name), `agent.args_count`, and under the capture settings `agent.input` (the
 * arguments) and `agent.output` (the result, or what its promise resolves to). The result is a
 * Proxy typed as the agent: properties, getters, setters, symbols, `in`, `Object.keys` and
 * `instanceof` work as on the agent.
 *
 * Calls keep their shape: a sync method stays sync (a sync throw stays a sync throw), a promise
 * is returned as the same object and traced until it settles, generators until exhausted,
 * returned or thrown. Errors are recorded and rethrown as the same object. Calls the agent makes
 * on `this` become child spans. Wrapping the agent (or the proxy) again returns the same proxy.
 * Before `init()` every call runs untraced.
 *
 * Caveats: class methods run with the agent itself as `this`, so `#private` fields and methods
 * work; to trace the calls they make on `this`, the agent's prototype link is pointed at a thin
 * shim (`instanceof` still holds; `Object.getPrototypeOf(agent)` is no longer the class's
 * prototype). A frozen or sealed agent cannot take the shim: its calls are traced, the calls it
 * makes on itself are not. Methods bound in the constructor (`this.run = this.run.bind(this)`)
 * and arrow-function fields are traced when called on the proxy, but calls between them are not.
 *
 * @param agent - any object whose methods should be traced
 * @param agentType - `agent.type` and the middle of the span name (default: the class name)
 * @param options - which methods to trace, `agentName`, extra attributes and capture settings
 *   (`captureInputs`, `captureOutputs`, `maxInputLength`, `maxOutputLength`, `redactPii`, which
 *   override `init({ capture })`)
 * @returns the traced proxy, typed as the agent
 * @example
 * ```ts
 * const agent = new TracedAgentProxy(new ResearchAgent(), 'researcher', { methods: { exclude: ['reset'] } });
 * const answer = await agent.processQuery('What is AI?'); // span "agent.researcher.processQuery"
 * ```
 */
export const TracedAgentProxy = function TracedAgentProxy<T extends object>(
  agent: T,
  agentType?: string,
  options?: AgentProxyOptions
): T {
  return createAgentProxy(agent, agentType, options);
} as unknown as new <T extends object>(agent: T, agentType?: string, options?: AgentProxyOptions) => T;
