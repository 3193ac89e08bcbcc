// Workload 2, Vercel AI SDK: the same paired rounds (macro/paired.bench.mjs: ABBA, a flush per
// traced round, the validity checks) through `ai`'s `generateText` and `streamText`, the model
// from `@ai-sdk/openai` whose provider talks to the fake OpenAI server's in-process transport
// (its `fetch` option). Both sides call the same `ai` module: nothing is patched, tracing is the
// SDK's own telemetry hook, so A passes no `experimental_telemetry` (telemetry off, whatever
// tracer provider a peer registered globally) and B passes the configuration's.
import { createRequire } from 'node:module';
import { CLIENT_FIXTURES, STREAM_FIXTURE } from '../lib/fixtures.mjs';
import { resultSink } from '../lib/stats.mjs';
import { pairFixtures } from './paired.bench.mjs';

const require = createRequire(import.meta.url);

/**
 * Section 1's calls per round, scaled: an AI SDK call costs several times an `openai` client call
 * (about 1 ms at 1 KB, 30 ms a stream of 500 chunks), so fewer calls keep its rounds as short.
 */
const ROUND_SCALE = 0.4;

/** `ai`'s call options for one of section 1's fixtures (`system` + `prompt`); the model built once. */
function requestOf(fixture, provider) {
  const [system, prompt] = fixture.request.messages.map((m) => m.content);
  return { model: provider.chat(fixture.request.model), system, prompt, stream: fixture.request.stream === true };
}

/**
 * One call as an app makes it: `generateText`, or `streamText` with every text delta read. The
 * options object is built per call on both sides alike; `telemetry` is undefined on side A.
 */
async function aiOnce(client, request) {
  const options = {
    model: request.model,
    system: request.system,
    prompt: request.prompt,
    maxRetries: 0,
    experimental_telemetry: client.telemetry,
  };
  if (request.stream) {
    const result = client.ai.streamText(options);
    for await (const delta of result.textStream) resultSink.consume(delta.length);
  } else {
    const { text } = await client.ai.generateText(options);
    resultSink.consume(text.length);
  }
}

/**
 * Every fixture, paired: A = `generateText` / `streamText` without telemetry, B = the same with
 * the SDK's `aiTelemetry` (`experimental_telemetry`). For the untraced configuration B has none
 * either: the A/A line.
 */
export async function runPairedAISuite(sdk, { fetch, fixtures, pairs, sinkUrl, scale }) {
  const ai = require('ai');
  const { createOpenAI } = require('@ai-sdk/openai');
  const provider = createOpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch });
  const all = [...CLIENT_FIXTURES, STREAM_FIXTURE].filter((f) => fixtures.includes(f.key));
  const shaped = all.map((f) => ({ key: f.key, request: requestOf(f, provider) }));
  const a = { client: { ai, telemetry: undefined } };
  const b = { ai, telemetry: sdk.traced ? sdk.aiTelemetry : undefined };
  if (sdk.traced && b.telemetry?.isEnabled !== true) throw new Error(`${sdk.version}: no Vercel AI SDK telemetry`);
  return pairFixtures(sdk, a, b, { fixtures: shaped, pairs, sinkUrl, scale: scale * ROUND_SCALE, call: aiOnce });
}
