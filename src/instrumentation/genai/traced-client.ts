/**
 * Traced client views (`traceOpenAI`, `traceAnthropic`, ...) built the same way for every
 * provider: the integration's method registry and wrapper over the generic client view.
 */
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
 * @returns the view, typed as the client
 */
export function traceClient<T extends object>(
  client: T,
  methods: MethodRegistry,
  wrap: LibraryDefinition['wrap'],
  config: GenAICaptureConfig | undefined
): T {
  const settings: LiveSettings = { enabled: true, capture: prepareCaptureConfig(config) };
  const traced: Record<string, TracedMethods[string]> = {};
  for (const [path, spec] of Object.entries(methods)) {
    traced[path] = (original) => wrap(original, path, spec, settings);
  }
  return createClientView(client, traced);
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
