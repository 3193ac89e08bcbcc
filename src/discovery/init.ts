/**
 * The public `init()`: the api layer's `init` plus `autoInstrument`, which runs auto-discovery.
 * It is composed here, above both, because api sits below discovery and must not import it;
 * a hook registered at import time would be a side effect a bundler may drop (`sideEffects: false`).
 */
import type { Client } from '../api/client.js';
import { init as initClient } from '../api/init.js';
import type { InitOptions as BaseInitOptions } from '../api/options.js';
import { diag } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import type { InstrumentationName } from '../instrumentation/index.js';
import { discoverAndInstrument } from './auto-discovery.js';

/** Options of `init()`. Every field is optional; environment variables fill the gaps. */
export interface InitOptions extends BaseInitOptions {
  /**
   * `true` instruments every supported library installed (auto-discovery), a list only those
   * named, e.g. `['openai']`. Default: nothing is instrumented by `init()`.
   */
  readonly autoInstrument?: boolean | readonly InstrumentationName[];
}

/**
 * Configures tracing for the process and returns the client. Call it once, early.
 * Reads `NOVEUM_*` environment variables for options not given. Never throws:
 * bad values are corrected with a warning naming the option.
 * Calling it again replaces the client (the previous one is flushed and shut down).
 * `autoInstrument` instruments the supported libraries installed (see `discoverAndInstrument`).
 *
 * @example
 * ```ts
 * import { init } from 'noveum-trace';
 * init({ project: 'support-bot', samplingRate: 0.5, autoInstrument: true });
 * ```
 */
export function init(options: InitOptions = {}): Client {
  const client = initClient(options);
  try {
    const auto = (options as InitOptions | null | undefined)?.autoInstrument;
    if (auto === undefined || auto === false) return client;
    if (!client.isEnabled) {
      diag.debug('init: tracing is disabled, so autoInstrument does nothing');
      return client;
    }
    if (auto === true) discoverAndInstrument();
    else if (Array.isArray(auto)) discoverAndInstrument({ libraries: auto });
    else diag.warn(`init: autoInstrument must be true or a list of library names (got ${typeof auto}); it is ignored`);
  } catch (error) {
    reportInternalError('init.autoInstrument', error);
  }
  return client;
}
