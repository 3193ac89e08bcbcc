// Profiling driver (not part of the run): the LangChain workload's chain (prompt → ChatOpenAI →
// string parser, macro/paired-langchain.bench.mjs) in flushed rounds, measured in steady state.
// `node bench/tools-profile-langchain.mjs [off|lc-noop|lc-noop-await|noveum|noveum-noop] [calls]`
// warms up with WARM chain calls (default 2000), then runs `calls` (default 2000) in rounds of 10,
// each round flushed; PROFILE=file.cpuprofile records a CPU profile of the measured part only.
// NOVEUM_BENCH_DIST: another build (a copy of an older dist/) for before/after; LC_CONFIG: JSON
// `config` for autoInstrument('langchain'); OPENAI=0 leaves the openai patch off.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { buildChain } from './macro/paired-langchain.bench.mjs';
import { yieldingFetch } from './servers/openai-server.mjs';
import { startSinkServer } from './servers/sink-server.mjs';
import { NOOP_EXPORTER } from './lib/driver.mjs';

const require = createRequire(import.meta.url);
const [mode = 'noveum', callsArg = '2000'] = process.argv.slice(2);
const sink = await startSinkServer();
const dist = process.env.NOVEUM_BENCH_DIST ?? new URL('../dist', import.meta.url).pathname;
let sdk;
let config;
if (mode.startsWith('noveum')) {
  sdk = require(`${dist}/cjs/index.js`);
  const noop = NOOP_EXPORTER;
  sdk.init({
    project: 'bench',
    debug: 'error',
    export: { flushOnExit: false },
    ...(mode === 'noveum-noop'
      ? { exporter: noop }
      : { exporter: 'noveum', apiKey: 'bench-key', endpoint: `${sink.url}/api` }),
  });
  sdk.autoInstrument('langchain', { config: JSON.parse(process.env.LC_CONFIG ?? '{}') });
  if (process.env.OPENAI !== '0') sdk.autoInstrument('openai');
} else if (mode.startsWith('lc-noop')) {
  config = (await import(`./sdks/${mode}.mjs`)).create().then((s) => s.langchainConfig);
  config = await config;
}
const { chain, awaitAllCallbacks } = buildChain(yieldingFetch);
const [system, question] = CLIENT_FIXTURES[0].request.messages.map((m) => m.content);
const input = { system, question };

async function rounds(n) {
  for (let done = 0; done < n; done += 10) {
    for (let i = 0; i < 10; i++) await chain.invoke(input, config);
    await awaitAllCallbacks();
    if (sdk) await sdk.flush(10_000);
  }
}

await rounds(Number(process.env.WARM ?? 2000));
const session = process.env.PROFILE ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const calls = Number(callsArg);
const t0 = process.cpuUsage();
const w0 = performance.now();
await rounds(calls);
const u = process.cpuUsage(t0);
const wall = performance.now() - w0;
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
const d = sdk?.getDiagnostics();
console.log(
  JSON.stringify({
    mode,
    calls,
    cpuUsPerCall: Math.round((u.user + u.system) / calls),
    wallUsPerCall: Math.round((wall * 1000) / calls),
    exported: d?.exportedTraces,
    dropped: d?.droppedSpans,
  })
);
await sdk?.shutdown();
process.exit(0);
