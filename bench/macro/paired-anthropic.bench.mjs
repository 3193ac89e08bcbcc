// Workload 2, Anthropic: the same paired rounds (macro/paired.bench.mjs: ABBA, a flush per
// traced round, the validity checks) through the real `@anthropic-ai/sdk` client's
// `messages.create`, plain and streamed.
import { resultSink } from '../lib/stats.mjs';
import { pairFixtures } from './paired.bench.mjs';

/** One Messages API call, its answer consumed as an app would (every stream event read). */
async function messageOnce(client, request) {
  const res = await client.messages.create(request);
  if (request.stream) {
    for await (const event of res) resultSink.consume(event.type.length);
  } else resultSink.consume(res.content[0].text.length);
}

/**
 * Every Anthropic fixture, paired: A = the untraced copy of `@anthropic-ai/sdk`, B = the copy
 * the SDK instrumented (or wrapped with `sdk.wrapAnthropic`). For the untraced configuration B is
 * a second untraced client: the A/A line.
 */
export async function runPairedAnthropicSuite(
  sdk,
  { UntracedAnthropic, TracedAnthropic, fetch, fixtures, pairs, sinkUrl, scale }
) {
  // `openTelemetry: false`: the client's own OpenTelemetry call spans stay off on both sides, or
  // any process with a global tracer provider (the OpenTelemetry-based peers) would trace its A
  // rounds too, and count the client's spans as the peer's.
  const options = { apiKey: 'sk-ant-bench', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch, openTelemetry: false };
  const wrap = sdk.wrapAnthropic ?? ((c) => c);
  const a = { client: new UntracedAnthropic(options) };
  return pairFixtures(sdk, a, wrap(new TracedAnthropic(options)), {
    fixtures,
    pairs,
    sinkUrl,
    scale,
    call: messageOnce,
  });
}
