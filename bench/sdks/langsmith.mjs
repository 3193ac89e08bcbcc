// LangSmith: `traceable` for spans and `wrapOpenAI` for the client, its batch uploads
// pointed at the local sink.
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';
import { SPAN_ATTRIBUTES_OBJECT } from '../lib/fixtures.mjs';

const require = createRequire(import.meta.url);
export const label = 'LangSmith';

export async function create({ sampling = 1, sinkUrl } = {}) {
  process.env.LANGSMITH_TRACING = 'true';
  process.env.LANGSMITH_ENDPOINT = sinkUrl;
  process.env.LANGSMITH_API_KEY = 'bench-key';
  process.env.LANGSMITH_TRACING_SAMPLING_RATE = String(sampling);
  const { Client } = require('langsmith');
  const { traceable } = require('langsmith/traceable');
  const { wrapOpenAI } = require('langsmith/wrappers');
  const client = new Client({
    apiUrl: sinkUrl,
    apiKey: 'bench-key',
    tracingSamplingRate: sampling,
    autoBatchTracing: true,
  });
  const meta = { metadata: SPAN_ATTRIBUTES_OBJECT, client, tracingEnabled: true };
  const op = traceable(() => 1, { name: 'op', ...meta });
  const child = traceable(
    async () => {
      await null;
    },
    { name: 'child', ...meta }
  );
  const parent = traceable(
    async () => {
      for (let c = 0; c < 3; c++) await child();
    },
    { name: 'parent', ...meta }
  );
  return {
    version: `langsmith ${pkgVersion('langsmith')}`,
    flat: op,
    nested: parent,
    wrap: (c) => wrapOpenAI(c, { client, tracingEnabled: true }),
    // The Anthropic paired workload: LangSmith's own Anthropic wrapper, the same client options.
    wrapAnthropic: (c) => require('langsmith/wrappers/anthropic').wrapAnthropic(c, { client, tracingEnabled: true }),
    traced: true,
    exportsToSink: true,
    flush: () => client.awaitPendingTraceBatches(),
    shutdown: () => client.awaitPendingTraceBatches(),
  };
}
