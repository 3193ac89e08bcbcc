// Instruction-count driver for the stream budget line (not part of the run): warm-up streams,
// then measured streams, of the bench's stream fixture (500 chunks, every chunk read) through an
// instrumented `openai` or `@anthropic-ai/sdk` client, flushed every 3 streams (the paired
// workload's round). Under callgrind the counters are dumped (and reset) between the two parts,
// so the last dump counts the measured streams only (instructions per stream = its total /
// measured). `off` runs the same streams untraced: its figure, over its CPU time per stream
// (printed), gives the machine's instructions per µs to convert the difference.
// `valgrind --tool=callgrind node --single-threaded bench/tools-callgrind-stream.mjs openai|anthropic <warm> <measured> noop|off [dist]`
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ANTHROPIC_FIXTURES, STREAM_FIXTURE } from './lib/fixtures.mjs';
import { resultSink } from './lib/stats.mjs';
import { anthropicYieldingFetch } from './servers/anthropic-server.mjs';
import { yieldingFetch } from './servers/openai-server.mjs';
import { NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const [llm = 'openai', warmArg = '200', measuredArg = '30', mode = 'noop', dist = '../dist'] = process.argv.slice(2);
const sdk = require(`${dist.startsWith('/') ? dist : new URL(dist, import.meta.url).pathname}/cjs/index.js`);
const noop = NOOP_EXPORTER;
const anthropic = llm === 'anthropic';
const moduleName = anthropic ? '@anthropic-ai/sdk' : 'openai';
if (mode !== 'off') {
  const extra = JSON.parse(process.env.INIT_OPTIONS ?? '{}');
  sdk.init({ project: 'bench', debug: 'error', ...extra, export: { flushOnExit: false }, exporter: noop });
  sdk.instrument({ [anthropic ? 'anthropic' : 'openai']: require(moduleName) });
}
const Client = require(moduleName);
const client = anthropic
  ? new Client({
      apiKey: 'sk-ant-bench',
      baseURL: 'http://127.0.0.1:9',
      maxRetries: 0,
      fetch: anthropicYieldingFetch,
      openTelemetry: false,
    })
  : new Client({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0, fetch: yieldingFetch });
const request = anthropic ? ANTHROPIC_FIXTURES.find((x) => x.key === 'stream').request : STREAM_FIXTURE.request;

/** One stream, read to the end as the paired workload reads it. */
async function streamOnce() {
  if (anthropic) {
    const res = await client.messages.create(request);
    for await (const event of res) resultSink.consume(event.type.length);
  } else {
    const res = await client.chat.completions.create(request);
    for await (const chunk of res) resultSink.consume(chunk.choices.length);
  }
}

async function streams(n) {
  for (let i = 0; i < n; i++) {
    await streamOnce();
    if (i % 3 === 2 && mode !== 'off') await sdk.flush(10_000);
  }
  if (mode !== 'off') await sdk.flush(10_000);
}
await streams(Number(warmArg));
// Dumps and zeroes callgrind's counters (outside valgrind there is no such process: ignored).
spawnSync('callgrind_control', ['--dump=warm-up', String(process.pid)], { stdio: 'ignore' });
const cpu = process.cpuUsage();
await streams(Number(measuredArg));
const used = process.cpuUsage(cpu);
spawnSync('callgrind_control', ['--dump=measured', String(process.pid)], { stdio: 'ignore' });
const perStream = (used.user + used.system) / Number(measuredArg);
console.log(`${llm} ${mode}: ${perStream.toFixed(0)} µs CPU per stream (under valgrind: slowed)`);
if (mode !== 'off' && sdk.getDiagnostics) {
  const d = sdk.getDiagnostics();
  console.log(`diagnostics: ${JSON.stringify(d.export ?? d).slice(0, 300)}`);
}
process.exit(0);
