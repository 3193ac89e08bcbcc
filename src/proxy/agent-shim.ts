/**
 * How calls a class-based agent makes on its own `this` become child spans while `#private`
 * fields keep working.
 *
 * The two goals pull apart: a private field is found only on the real object (`this.#x` throws
 * a TypeError when `this` is a Proxy), yet a method running with the real object as `this`
 * calls `this.plan()` without going through any proxy. So methods run on the real agent, and
 * the agent's prototype link is pointed at a "shim": an empty object inheriting from the
 * original prototype, behind a Proxy whose only trap is `get`. A method looked up on the agent
 * is traced there only while one of the agent's own traced calls is running (an
 * AsyncLocalStorage mark); any other lookup returns exactly what the original prototype holds.
 * `instanceof`, `in`, `Object.keys` and `agent.constructor` are unchanged; only
 * `Object.getPrototypeOf(agent)` now returns the shim (the proxy still reports the original).
 */
import { types } from 'node:util';
import { reportInternalError } from '../diag/internal-errors.js';
import { isInAgentCall, methodFor, type AgentState } from './agent-methods.js';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/** The agent's prototype before the shim, for the proxy's `getPrototypeOf`. */
export interface InstalledShim {
  readonly shim: object;
  readonly originalProto: object;
}

/**
 * Why no shim: functions (a class's `[[Prototype]]` is its parent constructor, which `super()`
 * calls), plain objects (their methods run with the proxy as `this` instead), frozen or sealed
 * agents (their prototype cannot change) and other proxies (their traps are someone else's).
 */
function canShim(target: object, proto: object | null): proto is object {
  if (typeof target === 'function' || proto === null || proto === Object.prototype) return false;
  return !types.isProxy(target) && Reflect.isExtensible(target);
}

/** Points `state.target`'s prototype at a shim; undefined when the agent cannot take one. */
export function installShim(state: AgentState): InstalledShim | undefined {
  const target = state.target;
  try {
    const proto = Reflect.getPrototypeOf(target);
    if (!canShim(target, proto)) return undefined;
    const shim = new Proxy(Object.create(proto) as object, {
      get(base, key, receiver) {
        const value: unknown = Reflect.get(base, key, receiver);
        if (receiver !== target || typeof value !== 'function') return value;
        try {
          if (!state.select(key) || !isInAgentCall(target)) return value;
          return methodFor(state, key, value as AnyFunction);
        } catch (error) {
          reportInternalError('TracedAgentProxy.shim', error);
          return value;
        }
      },
    });
    if (!Reflect.setPrototypeOf(target, shim)) return undefined;
    return { shim, originalProto: proto };
  } catch (error) {
    reportInternalError('TracedAgentProxy.shim', error);
    return undefined;
  }
}
