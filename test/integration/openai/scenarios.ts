/**
 * In-process scenarios for the OpenAI integration, run against the real client (v7 and v6)
 * and the fake server. Each mode (patched prototype via `instrument()`, or `traceOpenAI`
 * proxy) must produce the same spans. An unhandled rejection anywhere fails the suite.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { describeOpenAIModes, type OpenAIHarness } from './harness.js';

/** The SDK classes a traced call must hand back (never a look-alike). */
export interface SdkClasses {
  readonly APIPromise: any;
  readonly Stream: any;
}

export function runOpenAIScenarios(label: string, OpenAI: any, sdk: SdkClasses): void {
  describeOpenAIModes(label, OpenAI, (h: OpenAIHarness) => {
    const { lastLlm, fresh } = h;

    it('records a chat completion with usage, cost and content', async () => {
      fresh();
      const res = await h.client.chat.completions.create({
        model: 'gpt-4o-mini',
        temperature: 0.2,
        max_tokens: 50,
        messages: [{ role: 'user', content: 'hello there' }],
      });
      assert.equal(res.choices[0].message.content, 'Echo: hello there');
      const s = await lastLlm();
      assert.equal(s.name, 'chat gpt-4o-mini');
      assert.equal(s.kind, 'client');
      assert.equal(s.attributes['llm.provider'], 'openai');
      assert.equal(s.attributes['llm.operation'], 'chat');
      assert.equal(s.attributes['llm.model'], 'gpt-4o-mini');
      assert.equal(s.attributes['llm.response_model'], 'gpt-4o-mini-2024-07-18');
      assert.equal(s.attributes['llm.temperature'], 0.2);
      assert.equal(s.attributes['llm.max_tokens'], 50);
      assert.equal(s.attributes['llm.finish_reason'], 'stop');
      assert.match(String(s.attributes['llm.response_id']), /^chatcmpl-fake/);
      assert.match(String(s.attributes['llm.messages']), /hello there/);
      assert.equal(s.attributes['llm.response'], 'Echo: hello there');
      const input = s.attributes['llm.input_tokens'] as number;
      const output = s.attributes['llm.output_tokens'] as number;
      assert.equal(input, res.usage.prompt_tokens);
      assert.equal(output, 3);
      assert.equal(s.attributes['llm.total_tokens'], input + output);
      // gpt-4o-mini: $0.15 / $0.60 per 1M tokens.
      assert.equal(s.attributes['llm.cost.total'], Math.round(((input * 0.15 + output * 0.6) / 1e6) * 1e10) / 1e10);
      assert.equal(s.status.code, 'ok');
    });

    it('keeps .withResponse() and .asResponse() on the returned APIPromise', async () => {
      fresh();
      const p = h.client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'with response' }],
      });
      assert.ok(p instanceof sdk.APIPromise, "the SDK's own APIPromise");
      const { data, response, request_id } = await p.withResponse();
      assert.equal(data.choices[0].message.content, 'Echo: with response');
      assert.equal(response.status, 200);
      assert.ok(request_id);
      const s = await lastLlm();
      assert.equal(s.attributes['llm.request_id'], request_id);
      fresh();
      const raw = await h.client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'raw' }] })
        .asResponse();
      const body = await raw.json();
      assert.equal(body.choices[0].message.content, 'Echo: raw', 'the body is still unread for the caller');
      assert.equal((await lastLlm()).attributes['http.response.status_code'], 200);
    });

    it('traces a stream to its final usage chunk, with time to first token', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=4',
        messages: [{ role: 'user', content: 'one two three four' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      assert.ok(stream instanceof sdk.Stream, "the SDK's own Stream");
      assert.equal(typeof stream.controller.abort, 'function');
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      const s = await lastLlm();
      assert.equal(s.attributes['llm.response'], text);
      assert.equal(s.attributes['llm.output_tokens'], 4);
      assert.equal(s.attributes['llm.stream.outcome'], 'completed');
      assert.equal(s.attributes['llm.streaming'], true);
      assert.equal(typeof s.attributes['llm.time_to_first_token_ms'], 'number');
      assert.ok(s.attributes['llm.cost.total'] !== undefined);
    });

    it('captures every piece of a long stream, and cuts it at the capture limit', async () => {
      // 150 pieces: more than one block of the accumulator's joined text.
      const request = {
        model: 'gpt-4o-mini@chunks=150',
        messages: [{ role: 'user', content: 'alpha beta gamma delta' }],
        stream: true as const,
      };
      fresh();
      let text = '';
      for await (const chunk of await h.client.chat.completions.create(request))
        text += chunk.choices[0]?.delta?.content ?? '';
      assert.equal(text.split(' ').length, 150);
      assert.equal((await lastLlm()).attributes['llm.response'], text);
      if (h.mode !== 'proxy') return;
      fresh();
      const cut = traceOpenAI(new h.OpenAI({ apiKey: 'sk-test-key', baseURL: h.server.url, maxRetries: 0 }), {
        maxOutputLength: 100,
      });
      for await (const _ of await cut.chat.completions.create(request)) void _;
      const response = String((await lastLlm()).attributes['llm.response']);
      assert.ok(response.startsWith(text.slice(0, 100)), response);
      assert.ok(response.length < 150, 'cut to the limit (plus the marker)');
    });

    it('assembles a streamed tool call from its pieces, with id, usage and finish reason', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@tools',
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let pieces = 0;
      for await (const chunk of stream) pieces += chunk.choices[0]?.delta?.tool_calls?.length ?? 0;
      assert.equal(pieces, 3, 'the call, then its arguments in two pieces');
      const s = await lastLlm();
      assert.deepEqual(JSON.parse(String(s.attributes['llm.tool_calls'])), [
        { id: 'call_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ]);
      assert.equal(s.attributes['llm.finish_reason'], 'tool_calls');
      assert.match(String(s.attributes['llm.response_id']), /^chatcmpl-/);
      assert.match(String(s.attributes['llm.response_model']), /^gpt-4o-mini/);
      assert.equal(typeof s.attributes['llm.output_tokens'], 'number');
      assert.equal(s.attributes['llm.response'], undefined, 'no text was streamed');
    });

    it('traces a streamed call made with .withResponse()', async () => {
      fresh();
      const { data: stream, response } = await h.client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ws' }], stream: true })
        .withResponse();
      assert.equal(response.status, 200);
      for await (const _ of stream) void _;
      assert.equal((await lastLlm()).attributes['llm.stream.outcome'], 'completed');
    });

    it('ends the span once on early break and reads nothing more', async () => {
      fresh();
      const before = h.server.requests.length;
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=20,chunkDelay=5',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let n = 0;
      let text = '';
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (++n === 2) break;
      }
      const s = await lastLlm();
      assert.equal(s.attributes['llm.stream.outcome'], 'cancelled');
      assert.equal(s.attributes['llm.response'], text, 'only what the caller read');
      assert.equal(h.server.requests.length, before + 1);
      assert.equal(h.tracing.spans().filter((x) => x.spanId === s.spanId).length, 1, 'exported once');
    });

    it('ends the span on controller.abort()', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=50,chunkDelay=5',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let n = 0;
      try {
        for await (const _ of stream) if (++n === 2) stream.controller.abort();
      } catch {
        // v6 may surface the abort; either way the span must end.
      }
      assert.equal((await lastLlm()).attributes['llm.stream.outcome'], 'aborted');
    });

    it('ends the span when the stream is aborted before it is read', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=3',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      stream.controller.abort();
      await new Promise((r) => setTimeout(r, 10));
      const s = await lastLlm();
      assert.equal(s.attributes['llm.stream.outcome'], 'aborted');
      assert.equal(s.status.code, 'ok');
    });

    it('records a mid-stream connection drop and the caller gets the error', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=6,drop=2',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let caught: unknown;
      try {
        for await (const _ of stream) void _;
      } catch (e) {
        caught = e;
      }
      assert.ok(caught, 'the caller sees the failure');
      const s = await lastLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['llm.stream.outcome'], 'error');
      assert.equal(s.attributes['error.type'], (caught as Error).constructor.name);
    });

    it('tee() gives two working branches and one span', async () => {
      fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=3',
        messages: [{ role: 'user', content: 'a b c' }],
        stream: true,
      });
      const [left, right] = stream.tee();
      const read = async (s: any) => {
        let t = '';
        for await (const c of s) t += c.choices[0]?.delta?.content ?? '';
        return t;
      };
      const [a, b] = await Promise.all([read(left), read(right)]);
      assert.equal(a, b);
      const s = await lastLlm();
      assert.equal(s.attributes['llm.response'], a);
      assert.equal(h.tracing.spans().filter((x) => x.attributes['noveum.span_type'] === 'llm').length, 1);
    });

    for (const status of [400, 401, 429, 500]) {
      it(`records an HTTP ${status} and rethrows the same error`, async () => {
        fresh();
        let caught: any;
        const p = h.client.chat.completions.create({ model: `gpt-4o-mini@error=${status}`, messages: [] });
        try {
          await p;
        } catch (e) {
          caught = e;
        }
        assert.equal(caught.status, status);
        const s = await lastLlm();
        assert.equal(s.status.code, 'error');
        assert.equal(s.attributes['http.response.status_code'], status);
        assert.equal(s.attributes['error.type'], caught.constructor.name);
        assert.equal(s.exception?.message, caught.message);
      });
    }

    it('records a network error', async () => {
      fresh();
      const c = h.newClient({ baseURL: 'http://127.0.0.1:9/v1' });
      await assert.rejects(
        c.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),
        (e: Error) => e.constructor.name === 'APIConnectionError'
      );
      const s = await lastLlm();
      assert.equal(s.attributes['error.type'], 'APIConnectionError');
    });

    it('traces responses, embeddings, images and legacy completions', async () => {
      fresh();
      const r = await h.client.responses.create({ model: 'gpt-4o', instructions: 'be brief', input: 'say hi' });
      assert.equal(r.output_text, 'Echo: say hi');
      let s = await lastLlm();
      assert.equal(s.name, 'responses gpt-4o');
      assert.equal(s.attributes['llm.response'], 'Echo: say hi');
      assert.equal(s.attributes['llm.finish_reason'], 'completed');
      fresh();
      const rs = await h.client.responses.create({ model: 'gpt-4o@tools', input: 'weather?', stream: true });
      for await (const _ of rs) void _;
      s = await lastLlm();
      assert.match(String(s.attributes['llm.tool_calls']), /get_weather/);
      assert.equal(s.attributes['llm.stream.outcome'], 'completed');
      fresh();
      await h.client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      s = await lastLlm();
      assert.equal(s.name, 'embeddings text-embedding-3-small');
      assert.equal(s.attributes['llm.embedding.count'], 2);
      fresh();
      await h.client.images.generate({ model: 'gpt-image-1', prompt: 'a cat' });
      assert.equal((await lastLlm()).attributes['llm.image.count'], 1);
      fresh();
      await h.client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'one two' });
      assert.equal((await lastLlm()).attributes['llm.response'], 'Echo: one two');
    });

    it('records chat tool calls and traces the parse() helper once', async () => {
      fresh();
      await h.client.chat.completions.create({
        model: 'gpt-4o-mini@tools',
        messages: [{ role: 'user', content: 'w' }],
        tools: [
          { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
        ],
      });
      const s = await lastLlm();
      assert.deepEqual(s.attributes['llm.tools'], ['get_weather']);
      assert.equal(s.attributes['llm.finish_reason'], 'tool_calls');
      assert.match(String(s.attributes['llm.tool_calls']), /"name":"get_weather"/);
      fresh();
      await h.client.chat.completions.parse({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'p' }] });
      await getClient().forceFlush();
      assert.equal(h.tracing.spans().filter((x) => x.attributes['noveum.span_type'] === 'llm').length, 1);
    });

    it('keeps untraced members working', async () => {
      const models = await h.client.models.list();
      assert.ok(models.data.length > 0);
      assert.equal(h.client.apiKey, 'sk-test-key');
      assert.ok(h.client instanceof OpenAI);
    });
  });
}
