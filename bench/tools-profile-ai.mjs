// Profiling driver (not part of the run): `ai`'s generateText in steady state, traced through
// `noveumAITracer()` with a no-op exporter (or `off`). `node bench/tools-profile-ai.mjs
// [noop|off] [calls] [fixture]`; WARM warm-up calls (300); PROFILE=out.cpuprofile profiles the
// measured part only; NOVEUM_BENCH_DIST another build.
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { CLIENT_FIXTURES } from './lib/fixtures.mjs';
import { yieldingFetch } from './servers/openai-server.mjs';
import { NOOP_EXPORTER } from './lib/driver.mjs';
const require = createRequire(import.meta.url);
const [mode = 'noop', callsArg = '300', key = '100k'] = process.argv.slice(2);
const sdk = require(
  process.env.NOVEUM_BENCH_DIST ? `${process.env.NOVEUM_BENCH_DIST}/cjs/index.js` : '../dist/cjs/index.js'
);
const noop = NOOP_EXPORTER;
sdk.init({ project: 'bench', debug: 'error', export: { flushOnExit: false }, exporter: noop });
const ai = require('ai');
const { createOpenAI } = require('@ai-sdk/openai');
const provider = createOpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch: yieldingFetch });
const f = CLIENT_FIXTURES.find((x) => x.key === key);
const [system, prompt] = f.request.messages.map((m) => m.content);
const model = provider.chat(f.request.model);
const telemetry = mode === 'off' ? undefined : { isEnabled: true, tracer: sdk.noveumAITracer() };
async function run(n) {
  for (let i = 0; i < n; i++) {
    await ai.generateText({ model, system, prompt, maxRetries: 0, experimental_telemetry: telemetry });
    if (i % 8 === 7) await sdk.flush(10_000);
  }
  await sdk.flush(10_000);
}
await run(Number(process.env.WARM ?? 300));
const calls = Number(callsArg);
let session;
if (process.env.PROFILE) {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
}
const t0 = process.cpuUsage();
await run(calls);
const u = process.cpuUsage(t0);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROFILE, JSON.stringify(profile));
}
console.log(JSON.stringify({ mode, key, calls, cpuUsPerCall: Math.round((u.user + u.system) / calls) }));
await sdk.shutdown();
process.exit(0);
