// Shared setup of the profiling drivers (`bench/tools-*.mjs`), not used by the run itself.
import { yieldingFetch } from '../servers/openai-server.mjs';

/** An exporter that accepts every batch and does nothing: what the "no-op exporter" modes use. */
export const NOOP_EXPORTER = {
  export: async () => ({ code: 'success' }),
  shutdown: async () => {},
  forceFlush: async () => {},
};

/**
 * The drivers' `openai` client: answered in-process by the fake server through `yieldingFetch`
 * (the event loop turns once per call, as with a socket), no retries. `require` is the driver's
 * own, so the copy of `openai` it instrumented is the one used.
 */
export function driverClient(require) {
  const OpenAI = require('openai');
  return new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: yieldingFetch });
}
