// Braintrust: `startSpan`/`traced` for spans and `wrapOpenAI` for the client; the login,
// project registration and log uploads all go to the local sink.
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';
import { SPAN_ATTRIBUTES_OBJECT } from '../lib/fixtures.mjs';

const require = createRequire(import.meta.url);
export const label = 'Braintrust';

export async function create({ sinkUrl } = {}) {
  process.env.BRAINTRUST_APP_URL = sinkUrl;
  process.env.BRAINTRUST_API_URL = sinkUrl;
  process.env.BRAINTRUST_API_KEY = 'bench-key';
  const bt = require('braintrust');
  bt.initLogger({ projectName: 'bench', apiKey: 'bench-key', appUrl: sinkUrl, asyncFlush: true });
  const { startSpan, traced, wrapOpenAI, flush } = bt;
  const log = { metadata: SPAN_ATTRIBUTES_OBJECT };
  return {
    version: `braintrust ${pkgVersion('braintrust')}`,
    flat() {
      const s = startSpan({ name: 'op' });
      s.log(log);
      s.end();
    },
    nested() {
      return traced(
        async (p) => {
          p.log(log);
          for (let c = 0; c < 3; c++) {
            await traced(
              async (child) => {
                child.log(log);
                await null;
              },
              { name: 'child' }
            );
          }
        },
        { name: 'parent' }
      );
    },
    wrap: (c) => wrapOpenAI(c),
    // The Anthropic paired workload: Braintrust's own Anthropic wrapper.
    wrapAnthropic: (c) => bt.wrapAnthropic(c),
    traced: true,
    exportsToSink: true,
    flush: () => flush(),
    shutdown: () => flush(),
  };
}
