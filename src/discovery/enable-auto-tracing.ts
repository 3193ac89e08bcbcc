/**
 * `enableAutoTracing`: with a list, the instrumentation layer's behaviour (and its `boolean`
 * answer) unchanged; with no list, auto-discovery of every supported library, answering with
 * the report. Overloads keep each call's return type exact for existing code.
 */
import {
  enableAutoTracing as enableListed,
  type InstrumentationConfig,
  type InstrumentationName,
} from '../instrumentation/index.js';
import { discoverAndInstrument } from './auto-discovery.js';
import type { DiscoveryReport } from './discovery-report.js';

/**
 * Turns on auto-tracing for the libraries named, with one shared capture config; returns true
 * when every one of them is (or will be, once loaded) traced.
 */
export function enableAutoTracing(libraries: readonly InstrumentationName[], config?: InstrumentationConfig): boolean;
/**
 * With no list: finds every supported library installed in the application, instruments each
 * one and returns the report (what was instrumented, what was skipped and why).
 */
export function enableAutoTracing(libraries?: undefined, config?: InstrumentationConfig): DiscoveryReport;
/**
 * Turns on auto-tracing for the libraries named, or, with no list, for every supported library
 * found. Never throws.
 *
 * @param libraries - library names, e.g. `['openai']`; omit to discover them
 * @param config - capture config shared by every library
 * @returns with a list, true when each library is (or will be) traced; without, the discovery report
 * @example
 * ```ts
 * enableAutoTracing(['openai'], { captureInputs: true, maxInputLength: 1000, redactPii: true });
 * const report = enableAutoTracing(); // every supported library installed
 * console.log(report);
 * ```
 */
export function enableAutoTracing(
  libraries?: readonly InstrumentationName[],
  config?: InstrumentationConfig
): boolean | DiscoveryReport {
  if (libraries === undefined) return discoverAndInstrument(config === undefined ? {} : { config });
  return enableListed(libraries, config);
}
