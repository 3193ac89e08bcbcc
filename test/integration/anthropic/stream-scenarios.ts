/**
 * Streamed Anthropic calls: `stream: true` and the `messages.stream()` helper (one span each),
 * text and tool-input deltas, usage from message_start + message_delta, time to first token,
 * and the ways a stream ends (abort through the helper, a mid-stream `error` event).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeAnthropicModes, type AnthropicHarness } from './harness.js';

const user = (content: string) => [{ role: 'user', content }];

export function runStreamScenarios(label: string, sdk: any): void {
  describeAnthropicModes(`${label} streams`, sdk, (h: AnthropicHarness) => {
    it('records a streamed message: text, usage, stop reason, request id, time to first token', async () => {
      h.fresh();
      const stream = await h.client.messages.create({
        model: 'claude-test@chunks=4,cached=10',
        max_tokens: 50,
        messages: user('stream please'),
        stream: true,
      });
      let text = '';
      let start: any;
      let outputTokens = 0;
      for await (const event of stream) {
        if (event.type === 'message_start') start = event.message;
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
      }
      const s = await h.onlyLlm();
      const a = s.attributes;
      assert.equal(a['llm.streaming'], true);
      assert.equal(a['llm.response'], text);
      assert.equal(a['llm.response_id'], start.id);
      assert.equal(a['llm.input_tokens'], start.usage.input_tokens + 10);
      assert.equal(a['llm.cached_tokens'], 10);
      assert.equal(a['llm.output_tokens'], outputTokens, 'the cumulative count of message_delta');
      assert.equal(a['llm.finish_reason'], 'end_turn');
      assert.match(String(a['llm.request_id']), /^req_/);
      assert.equal(typeof a['llm.time_to_first_token_ms'], 'number');
      assert.equal(a['llm.stream.outcome'], 'completed');
    });

    it('assembles streamed tool input into one tool call', async () => {
      h.fresh();
      const stream = await h.client.messages.create({
        model: 'claude-test@tools',
        max_tokens: 50,
        messages: user('weather?'),
        stream: true,
      });
      for await (const _ of stream) void _;
      const a = (await h.onlyLlm()).attributes;
      assert.equal(a['llm.finish_reason'], 'tool_use');
      assert.deepEqual(JSON.parse(String(a['llm.tool_calls'])), [
        { id: 'toolu_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ]);
    });

    it('traces messages.stream() with finalMessage() and text events as one span', async () => {
      h.fresh();
      const texts: string[] = [];
      const stream = h.client.messages.stream({
        model: 'claude-test@chunks=3',
        max_tokens: 50,
        messages: user('a b c'),
      });
      stream.on('text', (t: string) => texts.push(t));
      const final = await stream.finalMessage();
      const s = await h.onlyLlm();
      assert.equal(s.attributes['llm.response'], final.content[0].text);
      assert.equal(s.attributes['llm.response'], texts.join(''));
      assert.equal(s.attributes['llm.output_tokens'], final.usage.output_tokens);
      assert.equal(s.attributes['llm.stream.outcome'], 'completed');
    });

    it('ends the span once when the messages.stream() helper is aborted', async () => {
      h.fresh();
      const stream = h.client.messages.stream({
        model: 'claude-test@chunks=20,chunkDelay=5',
        max_tokens: 50,
        messages: user('long'),
      });
      stream.on('error', () => undefined);
      stream.once('text', () => stream.abort());
      await stream.done().catch(() => undefined);
      const s = await h.onlyLlm();
      assert.equal(s.attributes['llm.stream.outcome'], 'aborted');
    });

    it('records a mid-stream error event as the SDK error the reader gets', async () => {
      h.fresh();
      const stream = await h.client.messages.create({
        model: 'claude-test@chunks=5,errorEvent=2',
        max_tokens: 50,
        messages: user('fail midway'),
        stream: true,
      });
      const caught = await (async () => {
        for await (const _ of stream) void _;
      })().catch((e: unknown) => e);
      assert.ok(caught instanceof sdk.APIError, String(caught));
      const s = await h.onlyLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['error.type'], (caught as Error).constructor.name);
      assert.equal(s.attributes['llm.response'], 'Echo: fail', 'what was read before the error');
    });

    it('traces beta.messages.stream() once', async () => {
      h.fresh();
      const final = await h.client.beta.messages
        .stream({ model: 'claude-test', max_tokens: 20, messages: user('beta stream') })
        .finalMessage();
      const s = await h.onlyLlm();
      assert.equal(s.attributes['llm.method'], 'beta.messages.create');
      assert.equal(s.attributes['llm.response'], final.content[0].text);
    });
  });
}
