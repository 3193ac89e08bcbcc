// Instruction-count driver (not part of the run): warm-up calls, then measured calls, of an
// instrumented `openai` client in rounds of 25, each round flushed. Under callgrind the counters
// are dumped (and reset) between the two parts, so the last dump counts the measured calls only:
// a load-independent A/B figure (instructions per call = the last dump's total / measured calls).
// `valgrind --tool=callgrind node --single-threaded bench/tools-callgrind.mjs 1k|100k <warm> <measured> noop|off [dist]`
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { driverClient, NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const [key = '1k', warmArg = '2000', measuredArg = '500', mode = 'noop', dist = '../dist'] = process.argv.slice(2);
const sdk = require(`${dist.startsWith('/') ? dist : new URL(dist, import.meta.url).pathname}/cjs/index.js`);
const noop = NOOP_EXPORTER;
if (mode !== 'off') {
  const extra = JSON.parse(process.env.INIT_OPTIONS ?? '{}');
  sdk.init({ project: 'bench', debug: 'error', ...extra, export: { flushOnExit: false }, exporter: noop });
  sdk.instrument({ openai: require('openai') });
}
const client = driverClient(require);
const f = CLIENT_FIXTURES.find((x) => x.key === key);
async function calls(n) {
  for (let i = 0; i < n; i++) {
    await client.chat.completions.create(f.request);
    if (i % 25 === 24 && mode !== 'off') await sdk.flush(10_000);
  }
  if (mode !== 'off') await sdk.flush(10_000);
}
await calls(Number(warmArg));
// Dumps and zeroes callgrind's counters (outside valgrind there is no such process: ignored).
spawnSync('callgrind_control', ['--dump=warm-up', String(process.pid)], { stdio: 'ignore' });
await calls(Number(measuredArg));
spawnSync('callgrind_control', ['--dump=measured', String(process.pid)], { stdio: 'ignore' });
process.exit(0);
