/**
 * Peer pitfall 7 ("short scripts send nothing"): a peer deferred serialisation to work that did
 * not keep Node alive, so a script with large inputs that ended right after its last span sent
 * zero requests. Here real consumer processes (built package, ESM and CJS) make an instrumented
 * OpenAI call with 100 KB of messages plus a 100 KB manual LLM span, then simply end: the
 * receiver must get every span with the whole input, through the Noveum and the OTLP exporter.
 * The same payloads also check pitfall 4: usage and cost, the last things written before a span
 * ends (from the final chunk for a stream), are in what the receiver got.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { otlpAttributes, otlpSpans, startOtlpReceiver } from '../../fixtures/servers/otlp-receiver.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

const MESSAGE_CHARS = 10_000;
const MESSAGE_COUNT = 10;
const MANUAL_PROMPT_CHARS = 100_000;

/** `exporterInit` is the init() options' exporter part; the script ends right after its last span. */
const script = (exporterInit: string, openaiUrl: string): string => `
  const OpenAI = sdk.OpenAI ?? sdk.default;
  nt.init({
    ${exporterInit},
    capture: { maxInputLength: 2000000, maxOutputLength: 2000000 },
    maxAttributeLength: 2000000,
    // A long interval: only the exit flush can deliver these spans.
    export: { flushIntervalMs: 60000, maxRetries: 1, retryBaseDelayMs: 10 },
  });
  nt.instrument({ openai: sdk });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: ${JSON.stringify(openaiUrl)}, maxRetries: 0 });
  const messages = Array.from({ length: ${MESSAGE_COUNT} }, (_, i) => ({
    role: 'user',
    content: 'm' + i + ':' + 'x'.repeat(${MESSAGE_CHARS}),
  }));
  await nt.traceOperation('large-job', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini@chunks=3',
      messages: [{ role: 'user', content: 'streamed' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const _ of stream) void _;
    nt.traceLLM({ model: 'custom-model', provider: 'custom' }, (span) => {
      span.setAttribute('llm.prompt', 'p'.repeat(${MANUAL_PROMPT_CHARS}));
    });
  });
  report('last span ended');
`;

const IMPORTS = { nt: 'noveum-trace', sdk: 'openai' };

function assertLargeSpans(byName: Map<string, Record<string, unknown>>): void {
  assert.deepEqual(
    [...byName.keys()].sort(),
    ['chat gpt-4o-mini', 'chat gpt-4o-mini@chunks=3', 'large-job', 'llm.custom-model'].sort()
  );
  // Pitfall 4: usage and cost, written last (for the stream, from its final chunk), are in the payload.
  for (const name of ['chat gpt-4o-mini', 'chat gpt-4o-mini@chunks=3']) {
    const attributes = byName.get(name)!;
    assert.ok(Number(attributes['llm.input_tokens']) > 0, `${name}: input tokens sent`);
    assert.ok(Number(attributes['llm.output_tokens']) > 0, `${name}: output tokens sent`);
    assert.ok(Number(attributes['llm.cost.total']) > 0, `${name}: cost sent`);
  }
  const chat = byName.get('chat gpt-4o-mini')!;
  // OTLP may send the messages under their GenAI name only (`gen_ai.input.messages`).
  const messages = String(chat['llm.messages'] ?? chat['gen_ai.input.messages']);
  assert.ok(messages.length >= MESSAGE_CHARS * MESSAGE_COUNT, `llm.messages arrived whole (${messages.length} chars)`);
  assert.match(messages, /m9:x{10000}/, 'the last 10 KB message is there in full');
  assert.equal(String(byName.get('llm.custom-model')!['llm.prompt']).length, MANUAL_PROMPT_CHARS);
}

describe('a short script with 100 KB inputs that ends right after its last span', () => {
  let openai: FakeOpenAIServer;
  let noveum: Receiver;
  let otlp: Receiver;
  before(async () => {
    [openai, noveum, otlp] = await Promise.all([startFakeOpenAI(), startNoveumReceiver(), startOtlpReceiver()]);
  });
  after(async () => {
    await Promise.all([openai.close(), noveum.close(), otlp.close()]);
  });

  for (const format of FORMATS) {
    it(`still delivers every span, inputs whole, to the Noveum API (${format})`, async () => {
      const from = noveum.accepted.length;
      const init = `apiKey: 'k-large-input', endpoint: ${JSON.stringify(noveum.url + '/api')}`;
      const run = await runConsumer(format, script(init, openai.url), { imports: IMPORTS });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports, ['last span ended']);
      const spans = noveumSpans({ ...noveum, accepted: noveum.accepted.slice(from) });
      assertLargeSpans(new Map(spans.map((s) => [s.name, s.attributes])));
    });
  }

  it('still delivers every span, inputs whole, to an OTLP collector (esm)', async () => {
    const from = otlp.accepted.length;
    const init = `exporter: 'otlp', otlp: { endpoint: ${JSON.stringify(otlp.url)} }`;
    const run = await runConsumer('esm', script(init, openai.url), { imports: IMPORTS });
    assert.equal(run.code, 0, run.stderr);
    const spans = otlpSpans({ ...otlp, accepted: otlp.accepted.slice(from) });
    assertLargeSpans(new Map(spans.map((s) => [s.name, otlpAttributes(s.attributes)])));
  });
});
