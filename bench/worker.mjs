// One SDK, one suite, one process: `node worker.mjs --sdk noveum --suite micro ...`.
// Prints one line `RESULT <json>` at the end. Each SDK runs in its own process because
// two SDKs patching one client interfere.
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { pkgVersion } from './lib/versions.mjs';
import { parseArgs } from 'node:util';
import { progress, runClientSuite } from './macro/client.bench.mjs';
import { runPairedSuite } from './macro/paired.bench.mjs';
import { runPairedAnthropicSuite } from './macro/paired-anthropic.bench.mjs';
import { buildChain, runPairedLangChainSuite } from './macro/paired-langchain.bench.mjs';
import { runPairedHttpSuite } from './macro/paired-http.bench.mjs';
import { runPairedAISuite } from './macro/paired-ai.bench.mjs';
import { AI_FIXTURE_KEYS, ANTHROPIC_FIXTURES, CLIENT_FIXTURES, STREAM_FIXTURE } from './lib/fixtures.mjs';
import { anthropicYieldingFetch } from './servers/anthropic-server.mjs';
import { yieldingFetch } from './servers/openai-server.mjs';
import { SLICE_SPANS, runMicroSuite } from './micro/span.bench.mjs';
import { runExportSuite } from './export/export.bench.mjs';
import { resultSink } from './lib/stats.mjs';
import { warmup } from './lib/warmup.mjs';

const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    sdk: { type: 'string' },
    suite: { type: 'string' },
    sampling: { type: 'string', default: '1' },
    sink: { type: 'string' },
    openai: { type: 'string' },
    calls: { type: 'string', default: '2000' },
    streams: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '7' },
    'round-ms': { type: 'string', default: '100' },
    // Micro rounds are timed in slices of this many spans, flushed between (0: a round in one piece).
    'slice-spans': { type: 'string', default: String(SLICE_SPANS) },
    'export-mode': { type: 'string', default: 'noveum' },
    traces: { type: 'string', default: '20000' },
    'down-spans': { type: 'string', default: '100000' },
    pairs: { type: 'string', default: '30' },
    scale: { type: 'string', default: '1' },
    // The paired warm-up's length, relative to lib/warmup.mjs WARM_ROUNDS (smoke: a token one).
    'warm-scale': { type: 'string', default: '1' },
    // The paired suite's client library: openai (default), anthropic, langchain (a chain over
    // @langchain/openai), ai (the Vercel AI SDK over @ai-sdk/openai) or http (an Express server
    // and an outgoing fetch).
    llm: { type: 'string', default: 'openai' },
    fixtures: { type: 'string' },
  },
});

const SDKS = {
  untraced: './sdks/untraced.mjs',
  noveum: './sdks/noveum.mjs',
  'noveum-noop': './sdks/noveum.mjs',
  // The same adapter on another build (NOVEUM_BENCH_BASE_DIST): before/after in one run.
  'noveum-base': './sdks/noveum.mjs',
  'noveum-base-noop': './sdks/noveum.mjs',
  otel: './sdks/otel.mjs',
  openinference: './sdks/otel.mjs',
  langsmith: './sdks/langsmith.mjs',
  langfuse: './sdks/langfuse.mjs',
  braintrust: './sdks/braintrust.mjs',
  // LangChain workload only: a do-nothing callback handler, the floor of any LangChain tracer.
  'lc-noop': './sdks/lc-noop.mjs',
  'lc-noop-await': './sdks/lc-noop-await.mjs',
};

const LLM_PACKAGES = { openai: 'openai', anthropic: '@anthropic-ai/sdk' };

/**
 * The workloads whose untraced side is built from packages loaded before any SDK: `load()` runs
 * now, then every package is dropped from the require cache, so the SDK's hooks (or patches)
 * only ever see the second copy, loaded by `traced()` once the SDK exists.
 */
const COPIED_SIDES = {
  langchain: { load: () => buildChain(yieldingFetch), traced: () => buildChain(yieldingFetch) },
  http: { load: () => require('express'), traced: () => require('express') },
};

function loadUntouchedSide(load) {
  const side = load();
  const dir = `${sep}node_modules${sep}`;
  for (const key of Object.keys(require.cache)) if (key.includes(dir)) delete require.cache[key];
  return side;
}

async function runCopiedSide(sdk, copied, untraced) {
  const common = { pairs: Number(args.pairs), sinkUrl: args.sink, scale: Number(args.scale) };
  progress.step = `paired ${args.llm} rounds`;
  if (args.llm === 'langchain') {
    const result = await runPairedLangChainSuite(sdk, { ...common, untraced, traced: copied.traced() });
    result.langchain = `@langchain/core ${pkgVersion('@langchain/core')}, @langchain/openai ${pkgVersion('@langchain/openai')}, openai ${pkgVersion('openai')}`;
    return result;
  }
  const result = await runPairedHttpSuite(sdk, {
    ...common,
    UntracedExpress: untraced,
    TracedExpress: copied.traced(),
  });
  result.express = `express ${pkgVersion('express')}`;
  return result;
}

/** A copy of the client library, loaded and then dropped from the require cache. */
function loadUntouched(pkg) {
  const Client = require(pkg);
  const dir = `${sep}node_modules${sep}${pkg.split('/').join(sep)}${sep}`;
  for (const key of Object.keys(require.cache)) if (key.includes(dir)) delete require.cache[key];
  return Client;
}

async function main() {
  warmup.scale = Number(args['warm-scale']);
  if (args.suite === 'export') {
    const result = await runExportSuite({
      sinkUrl: args.sink,
      traces: Number(args.traces),
      downSpans: Number(args['down-spans']),
    });
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const mod = await import(SDKS[args.sdk]);
  const paired = args.suite === 'paired';
  // The paired suite's untraced side: a copy of `openai` loaded before any SDK exists, then
  // dropped from the require cache, so the SDK (hooks or explicit patching) only ever sees the
  // second copy, which becomes the traced side.
  const copied = paired ? COPIED_SIDES[args.llm] : undefined;
  const pkg = LLM_PACKAGES[args.llm];
  // The Vercel AI SDK workload needs no untouched copy: nothing is patched, telemetry is per call.
  const viaTelemetry = args.llm === 'ai';
  if (pkg === undefined && copied === undefined && !viaTelemetry) throw new Error(`unknown --llm ${args.llm}`);
  const Untraced = !paired || viaTelemetry ? undefined : copied ? loadUntouchedSide(copied.load) : loadUntouched(pkg);
  const client = args.suite === 'client' || paired;
  const sdk = await mod.create({
    sampling: Number(args.sampling),
    sinkUrl: args.sink,
    client,
    flavour: args.sdk === 'openinference' ? 'openinference' : 'contrib',
    exportMode: args['export-mode'],
    llm: args.llm,
    dist: args.sdk.startsWith('noveum-base') ? process.env.NOVEUM_BENCH_BASE_DIST : undefined,
  });
  let result;
  if (args.suite === 'micro') {
    result = await runMicroSuite(sdk, {
      rounds: Number(args.rounds),
      roundMs: Number(args['round-ms']),
      sliceSpans: Number(args['slice-spans']),
    });
  } else if (copied) {
    result = await runCopiedSide(sdk, copied, Untraced);
  } else if (paired && viaTelemetry) {
    progress.step = 'paired ai rounds';
    result = await runPairedAISuite(sdk, {
      fetch: yieldingFetch,
      fixtures: AI_FIXTURE_KEYS.filter((k) => !args.fixtures || args.fixtures.split(',').includes(k)),
      pairs: Number(args.pairs),
      sinkUrl: args.sink,
      scale: Number(args.scale),
    });
    result.ai = `ai ${pkgVersion('ai')}, @ai-sdk/openai ${pkgVersion('@ai-sdk/openai')}`;
  } else if (paired && args.llm === 'anthropic') {
    progress.step = 'paired rounds';
    result = await runPairedAnthropicSuite(sdk, {
      UntracedAnthropic: Untraced,
      TracedAnthropic: require(pkg),
      fetch: anthropicYieldingFetch,
      fixtures: ANTHROPIC_FIXTURES.filter((f) => !args.fixtures || args.fixtures.split(',').includes(f.key)),
      pairs: Number(args.pairs),
      sinkUrl: args.sink,
      scale: Number(args.scale),
    });
    result.anthropic = pkgVersion(pkg);
  } else if (paired) {
    progress.step = 'paired rounds';
    result = await runPairedSuite(sdk, {
      UntracedOpenAI: Untraced,
      TracedOpenAI: require('openai'),
      fetch: yieldingFetch,
      fixtures: [...CLIENT_FIXTURES, STREAM_FIXTURE].filter(
        (f) => !args.fixtures || args.fixtures.split(',').includes(f.key)
      ),
      pairs: Number(args.pairs),
      sinkUrl: args.sink,
      scale: Number(args.scale),
    });
    result.openai = pkgVersion('openai');
  } else if (client) {
    // Loaded after the SDK so hook-based instrumentations see the require.
    const { default: OpenAI } = { default: require('openai') };
    result = await runClientSuite(sdk, OpenAI, {
      baseURL: args.openai,
      calls: Number(args.calls),
      streams: Number(args.streams),
    });
    result.openai = pkgVersion('openai');
  } else {
    throw new Error(`unknown suite ${args.suite}`);
  }
  // Bounded like the flushes: a peer whose shutdown never settles must not cost the result.
  let timer;
  await Promise.race([sdk.shutdown(), new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
  clearTimeout(timer);
  result.version = sdk.version;
  result.sink = resultSink.value;
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// A promise that never settles, with nothing else pending, ends the process silently with code 0:
// say where it happened instead (an SDK whose flush never resolves, for one).
process.on('beforeExit', () => {
  process.stdout.write(
    `RESULT ${JSON.stringify({ error: `the event loop emptied with the run unfinished, during: ${progress.step}` })}\n`
  );
  process.exit(0);
});

// Exit only once stdout has drained: writes to a pipe are async, and process.exit() can cut them.
const exitAfterFlush = () => process.stdout.write('', () => process.exit(0));
main().then(exitAfterFlush, (error) => {
  process.stdout.write(`RESULT ${JSON.stringify({ error: String(error?.stack ?? error).slice(0, 2000) })}\n`);
  exitAfterFlush();
});
