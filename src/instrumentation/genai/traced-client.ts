/**
 * Traced client views (`traceOpenAI`, `traceAnthropic`, ...) built the same way for every
 * provider: the integration's method registry and wrapper over the generic client view.
 */
import { quote, warnOnce } from '../../diag/diag.js';
import { incrementCounter } from '../../diag/internal-errors.js';
import { createClientView, type TracedMethods } from '../../proxy/client-view.js';
import type { LibraryDefinition, LiveSettings, MethodRegistry } from '../types.js';
import { prepareCaptureConfig, type GenAICaptureConfig } from './capture.js';

/**
 * A traced view of `client`: the methods of `methods` are wrapped with `wrap`, everything else
 * is the real client (see `createClientView`).
 *
 * @param client - the SDK client instance
 * @param methods - the integration's method registry (dotted paths from the client)
 * @param wrap - the integration's wrapper factory (the same one the patcher uses)
 * @param config - capture options for this client
 * @param label - the public function's name, for the misuse warning (`traceOpenAI`)
 * @returns the view, typed as the client; the client itself, untraced, when it cannot be read
 */
export function traceClient<T extends object>(
  client: T,
  methods: MethodRegistry,
  wrap: LibraryDefinition['wrap'],
  config: GenAICaptureConfig | undefined,
  label = 'traceClient'
): T {
  try {
    const settings: LiveSettings = { enabled: true, capture: prepareCaptureConfig(config) };
    const traced: Record<string, TracedMethods[string]> = {};
    for (const [path, spec] of Object.entries(methods)) {
      traced[path] = (original) => wrap(original, path, spec, settings);
    }
    return createClientView(client, traced);
  } catch {
    // Not an object, or a client or config that cannot be read (a revoked proxy): the client is returned untouched.
    incrementCounter('misuseWarnings');
    warnOnce(
      `${label}-unusable`,
      `${label}: expected a client instance, got ${quote(client, 40)} (or one that cannot be read); returned it untraced`
    );
    return client;
  }
}

/** The constructor form of a `trace<Provider>` function: `new Traced<Provider>Client(client, config?)`. */
export type TracedClientClass<Config> = new <T extends object>(client: T, config?: Config) => T;

/**
 * Turns `trace` into a class-like constructor whose `new` returns the traced view, so
 * `instanceof` the SDK class holds for the result.
 */
export function tracedClientClass<Config>(
  name: string,
  trace: <T extends object>(client: T, config?: Config) => T
): TracedClientClass<Config> {
  const ctor = function <T extends object>(client: T, config?: Config): T {
    return trace(client, config);
  };
  Object.defineProperty(ctor, 'name', { value: name, configurable: true });
  return ctor as unknown as TracedClientClass<Config>;
}
