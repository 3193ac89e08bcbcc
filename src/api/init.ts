import type { Resource, TraceProcessor } from '../core/types.js';
import { diag, registerSecret, setDiagLevel } from '../diag/diag.js';
import { reportInternalError } from '../diag/internal-errors.js';
import { createPipeline } from '../export/create-pipeline.js';
import { disableOutgoingPropagation, enableOutgoingPropagation } from '../propagation/outgoing.js';
import { SDK_NAME, SDK_VERSION } from '../internal/version.js';
import { createSampler } from '../sampling/create-sampler.js';
import { getClient, NoveumClient, setClient, type Client } from './client.js';
import { resolveConfig } from './config.js';
import type { InitOptions } from './options.js';

/**
 * Configures tracing for the process and returns the client. Call it once, early.
 * Reads `NOVEUM_*` environment variables for options not given. Never throws:
 * bad values are corrected with a warning naming the option.
 * Calling it again replaces the client (the previous one is flushed and shut down).
 *
 * @example
 * ```ts
 * import { init } from 'noveum-trace';
 * init({ project: 'support-bot', samplingRate: 0.5 });
 * ```
 */
export function init(options: InitOptions = {}): Client {
  try {
    const warnings: string[] = [];
    const config = resolveConfig(options, process.env, (m) => warnings.push(m));
    setDiagLevel(config.debug);
    registerSecret(config.apiKey);
    for (const w of warnings) diag.warn(w);

    const previous = getClient();
    if (previous.isEnabled) {
      diag.warn('init() called again: the previous client is flushed and replaced');
      void previous.shutdown(5_000);
    }
    if (!config.enabled) {
      disableOutgoingPropagation();
      setClient(undefined);
      diag.info('tracing is disabled (enabled: false)');
      return getClient();
    }
    const resource: Resource = {
      project: config.project,
      environment: config.environment,
      serviceVersion: config.serviceVersion,
      sdkName: SDK_NAME,
      sdkVersion: SDK_VERSION,
    };
    const processors: TraceProcessor[] = [...createPipeline(config, resource), ...config.processors];
    const client = new NoveumClient(config, resource, processors, createSampler(config.sampling));
    setClient(client);
    if (config.outgoingPropagation === undefined) disableOutgoingPropagation();
    else enableOutgoingPropagation(config.outgoingPropagation);
    diag.debug(
      `initialised: project "${config.project}", environment "${config.environment}", ${processors.length} processor(s)`
    );
    return client;
  } catch (error) {
    reportInternalError('init', error);
    return getClient();
  }
}

/** Flushes pending traces; settles within `timeoutMs` and never rejects. */
export function flush(timeoutMs?: number): Promise<void> {
  return getClient().forceFlush(timeoutMs);
}

/** Flushes and stops tracing; afterwards every API is a no-op until `init()` is called again. */
export async function shutdown(timeoutMs?: number): Promise<void> {
  const client = getClient();
  setClient(undefined);
  disableOutgoingPropagation();
  await client.shutdown(timeoutMs);
}
