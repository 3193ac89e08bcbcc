/**
 * In-process scenarios for the SDK's helpers (`.stream()`, `runTools`, `responses.stream()`),
 * streamed Responses, slow answers, usage details and cost, and nesting under agents. Each
 * HTTP request must give exactly one span, in both modes (patch and proxy).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeOpenAIModes, type OpenAIHarness } from './harness.js';

const WEATHER_TOOL = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
};

export function runOpenAIHelperScenarios(label: string, OpenAI: any): void {
  describeOpenAIModes(`${label} helpers`, OpenAI, (h: OpenAIHarness) => {
    it('traces the chat .stream() helper once, with its text and finish reason', async () => {
      h.fresh();
      const before = h.server.requests.length;
      const runner = h.client.chat.completions.stream({
        model: 'gpt-4o-mini@chunks=3',
        messages: [{ role: 'user', content: 'red green blue' }],
      });
      const final = await runner.finalChatCompletion();
      const spans = await h.llmSpans();
      assert.equal(h.server.requests.length, before + 1);
      assert.equal(spans.length, 1, 'one span for one request');
      assert.equal(spans[0]!.attributes['llm.response'], final.choices[0].message.content);
      assert.equal(spans[0]!.attributes['llm.finish_reason'], 'stop');
      assert.equal(spans[0]!.attributes['llm.stream.outcome'], 'completed');
    });

    it('ends the span once when the .stream() helper is aborted mid-stream', async () => {
      h.fresh();
      const runner = h.client.chat.completions.stream({
        model: 'gpt-4o-mini@chunks=40,chunkDelay=5',
        messages: [{ role: 'user', content: 'long' }],
      });
      let chunks = 0;
      try {
        for await (const _ of runner) if (++chunks === 2) runner.abort();
      } catch {
        // The helper may surface the abort; the span must end either way.
      }
      const spans = await h.llmSpans();
      assert.equal(spans.length, 1);
      assert.equal(spans[0]!.attributes['llm.stream.outcome'], 'aborted');
    });

    it('traces runTools with one span per request and the tool call on the first', async () => {
      h.fresh();
      const before = h.server.requests.length;
      const calls: string[] = [];
      const runner = h.client.chat.completions.runTools({
        model: 'gpt-4o-mini@tools',
        messages: [{ role: 'user', content: 'weather in Paris' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: {} },
              parse: JSON.parse,
              function: (args: { city: string }) => (calls.push(args.city), 'sunny'),
            },
          },
        ],
      });
      const content = await runner.finalContent();
      assert.deepEqual(calls, ['Paris']);
      assert.match(String(content), /^Echo: weather in Paris/);
      const spans = await h.llmSpans();
      assert.equal(h.server.requests.length - before, 2, 'a tool call, then the answer');
      assert.equal(spans.length, 2, 'one span per request');
      assert.equal(spans[0]!.attributes['llm.finish_reason'], 'tool_calls');
      assert.match(String(spans[0]!.attributes['llm.tool_calls']), /get_weather/);
      assert.equal(spans[1]!.attributes['llm.finish_reason'], 'stop');
      assert.match(String(spans[1]!.attributes['llm.messages']), /"role":"tool"/);
    });

    it('traces a streamed responses.create with text, usage and finish reason', async () => {
      h.fresh();
      const stream = await h.client.responses.create({ model: 'gpt-4o@chunks=3', input: 'a b c', stream: true });
      let text = '';
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      const s = await h.lastLlm();
      assert.equal(s.name, 'responses gpt-4o@chunks=3', 'named after the requested model');
      assert.equal(s.attributes['llm.response'], text);
      assert.equal(s.attributes['llm.finish_reason'], 'completed');
      assert.equal(s.attributes['llm.response_model'], 'gpt-4o-2024-08-06');
      assert.equal(s.attributes['llm.output_tokens'], 3);
      assert.equal(s.attributes['llm.stream.outcome'], 'completed');
    });

    it('traces the responses.stream() helper once', async () => {
      h.fresh();
      const runner = h.client.responses.stream({ model: 'gpt-4o', input: 'hello helper' });
      const final = await runner.finalResponse();
      const spans = await h.llmSpans();
      assert.equal(spans.length, 1);
      assert.equal(spans[0]!.attributes['llm.response'], final.output_text);
      assert.equal(spans[0]!.attributes['llm.response_id'], final.id);
    });

    it('records stream timing, finish reason "length" and request parameters', async () => {
      h.fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=6,chunkDelay=5',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 4,
        temperature: 0.7,
        tools: [WEATHER_TOOL],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const _ of stream) void _;
      const s = await h.lastLlm();
      assert.equal(s.attributes['llm.finish_reason'], 'length');
      assert.equal(s.attributes['llm.max_tokens'], 4);
      assert.equal(s.attributes['llm.temperature'], 0.7);
      assert.deepEqual(s.attributes['llm.tools'], ['get_weather']);
      assert.equal(s.attributes['llm.output_tokens'], 4);
      assert.equal(typeof s.attributes['llm.time_to_first_token_ms'], 'number');
      assert.ok((s.attributes['llm.tokens_per_second'] as number) > 0, 'tokens per second recorded');
    });

    it('traces a stream read through toReadableStream() to its end', async () => {
      h.fresh();
      const stream = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=3',
        messages: [{ role: 'user', content: 'x y z' }],
        stream: true,
      });
      const reader = stream.toReadableStream().getReader();
      const decoder = new TextDecoder();
      let text = '';
      for (let r = await reader.read(); !r.done; r = await reader.read())
        text += JSON.parse(decoder.decode(r.value)).choices[0]?.delta?.content ?? '';
      const s = await h.lastLlm();
      assert.equal(s.attributes['llm.response'], text);
      assert.equal(s.attributes['llm.stream.outcome'], 'completed');
    });

    it('records an HTTP error on a streamed call and the caller gets the same error', async () => {
      h.fresh();
      let caught: any;
      try {
        await h.client.chat.completions.create({ model: 'gpt-4o-mini@error=429', messages: [], stream: true });
      } catch (error) {
        caught = error;
      }
      assert.equal(caught?.status, 429);
      const s = await h.lastLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['http.response.status_code'], 429);
      assert.equal(s.exception?.message, caught.message);
    });

    it('records cached and reasoning tokens and charges cached input at the cached rate', async () => {
      h.fresh();
      const res = await h.client.chat.completions.create({
        model: 'o4-mini@cached=4,reasoning=6',
        messages: [{ role: 'user', content: 'think hard' }],
      });
      const s = await h.lastLlm();
      assert.equal(s.attributes['llm.cached_tokens'], 4);
      assert.equal(s.attributes['llm.reasoning_tokens'], 6);
      const input = res.usage.prompt_tokens as number;
      // o4-mini: $1.10 input, $0.275 cached input per 1M tokens.
      assert.equal(s.attributes['llm.cost.input'], Math.round((((input - 4) * 1.1 + 4 * 0.275) / 1e6) * 1e10) / 1e10);
      assert.equal(s.attributes['llm.cost.currency'], 'USD');
    });

    it('writes token counts but no cost for an unknown model', async () => {
      h.fresh();
      await h.client.chat.completions.create({ model: 'my-local-llama', messages: [{ role: 'user', content: 'hi' }] });
      const s = await h.lastLlm();
      assert.equal(s.attributes['llm.response_model'], 'my-local-llama');
      assert.ok((s.attributes['llm.input_tokens'] as number) > 0);
      assert.deepEqual(
        Object.keys(s.attributes).filter((k) => k.startsWith('llm.cost')),
        []
      );
    });

    it('traces a slow response to its end, and a timed-out one as an error', async () => {
      h.fresh();
      const res = await h.client.chat.completions.create({
        model: 'gpt-4o-mini@slow=150',
        messages: [{ role: 'user', content: 'slow' }],
      });
      let s = await h.lastLlm();
      assert.equal(s.attributes['llm.response'], res.choices[0].message.content);
      assert.equal(s.status.code, 'ok');
      h.fresh();
      const impatient = h.newClient({ timeout: 30 });
      let caught: any;
      try {
        await impatient.chat.completions.create({
          model: 'gpt-4o-mini@slow=300',
          messages: [{ role: 'user', content: 'slow' }],
        });
      } catch (error) {
        caught = error;
      }
      assert.equal(caught?.constructor?.name, 'APIConnectionTimeoutError');
      s = await h.lastLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['error.type'], 'APIConnectionTimeoutError');
    });

    it("records a request aborted through the caller's signal, and rethrows the same error", async () => {
      h.fresh();
      const controller = new AbortController();
      const pending = h.client.chat.completions.create(
        { model: 'gpt-4o-mini@slow=300', messages: [{ role: 'user', content: 'x' }] },
        { signal: controller.signal }
      );
      controller.abort();
      let caught: any;
      try {
        await pending;
      } catch (error) {
        caught = error;
      }
      assert.equal(caught?.constructor?.name, 'APIUserAbortError');
      const s = await h.lastLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['error.type'], 'APIUserAbortError');
    });
  });
}
