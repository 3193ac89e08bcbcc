/**
 * Non-streamed Anthropic calls: what a span records (model, system prompt and messages, content,
 * tool use, stop reason, usage with cache tokens, cost, request id), errors, countTokens, parse
 * and the beta API.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { traceLLM } from '../../../src/api/scoped.js';
import { describeAnthropicModes, type AnthropicHarness } from './harness.js';

const user = (content: string) => [{ role: 'user', content }];

export function runMessageScenarios(label: string, sdk: any): void {
  describeAnthropicModes(label, sdk, (h: AnthropicHarness) => {
    it('records a message with system prompt, content, stop reason, usage and request id', async () => {
      h.fresh();
      const { data: msg, response } = await h.client.messages
        .create({ model: 'claude-test', max_tokens: 50, temperature: 0.3, system: 'Be terse.', messages: user('hi') })
        .withResponse();
      assert.equal(msg.content[0].text, 'Echo: hi');
      const s = await h.onlyLlm();
      const a = s.attributes;
      assert.equal(s.name, 'chat claude-test');
      assert.equal(a['llm.provider'], 'anthropic');
      assert.equal(a['llm.model'], 'claude-test');
      assert.equal(a['llm.max_tokens'], 50);
      assert.equal(a['llm.temperature'], 0.3);
      assert.deepEqual(JSON.parse(String(a['llm.messages'])), [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'hi' },
      ]);
      assert.equal(a['llm.response'], 'Echo: hi');
      assert.equal(a['llm.finish_reason'], 'end_turn');
      assert.equal(a['llm.response_id'], msg.id);
      assert.equal(a['llm.request_id'], response.headers.get('request-id'));
      assert.match(String(a['llm.request_id']), /^req_/);
      assert.equal(a['llm.input_tokens'], msg.usage.input_tokens);
      assert.equal(a['llm.output_tokens'], msg.usage.output_tokens);
      assert.equal(a['llm.cost.total'], undefined, 'no price for an unknown model');
      assert.equal(s.status.code, 'ok');
    });

    it('counts cache reads and writes into the input total, each also on its own, and prices them', async () => {
      h.fresh();
      const msg = await h.client.messages.create({
        model: 'claude-haiku-4-5@cached=1000,cacheWrite=200',
        max_tokens: 50,
        messages: user('cache me'),
      });
      const a = (await h.onlyLlm()).attributes;
      const u = msg.usage;
      assert.equal(a['llm.input_tokens'], u.input_tokens + 1000 + 200);
      assert.equal(a['llm.cached_tokens'], 1000);
      assert.equal(a['llm.cache_creation_tokens'], 200);
      // claude-haiku-4-5: $1 in, $5 out per 1M; reads 0.1x, five-minute writes 1.25x.
      const input = (u.input_tokens * 1 + 1000 * 0.1 + 200 * 1.25) / 1e6;
      assert.equal(a['llm.cost.input'], Math.round(input * 1e10) / 1e10);
      assert.equal(a['llm.cost.output'], Math.round(((u.output_tokens * 5) / 1e6) * 1e10) / 1e10);
    });

    it('records tool use blocks as tool calls', async () => {
      h.fresh();
      const msg = await h.client.messages.create({
        model: 'claude-test@tools',
        max_tokens: 50,
        tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
        messages: user('weather?'),
      });
      assert.equal(msg.content[0].type, 'tool_use');
      const a = (await h.onlyLlm()).attributes;
      assert.deepEqual(a['llm.tools'], ['get_weather']);
      assert.equal(a['llm.finish_reason'], 'tool_use');
      assert.deepEqual(JSON.parse(String(a['llm.tool_calls'])), [
        { id: 'toolu_fake_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ]);
    });

    for (const status of [400, 401, 429, 500] as const) {
      it(`rejects with the SDK's own error on HTTP ${status} and records it`, async () => {
        h.fresh();
        const error = await h.client.messages
          .create({ model: `claude-test@error=${status}`, max_tokens: 5, messages: user('x') })
          .catch((e: unknown) => e);
        assert.ok(error instanceof sdk.APIError);
        assert.equal(error.status, status);
        const s = await h.onlyLlm();
        assert.equal(s.status.code, 'error');
        assert.equal(s.attributes['http.response.status_code'], status);
        assert.equal(s.attributes['error.type'], error.constructor.name);
      });
    }

    it('records a client timeout on a slow answer as the SDK error the caller gets', async () => {
      h.fresh();
      const error = await h.client.messages
        .create({ model: 'claude-test@slow=2000', max_tokens: 5, messages: user('slow') }, { timeout: 50 })
        .catch((e: unknown) => e);
      assert.ok(error instanceof sdk.APIConnectionTimeoutError, String(error));
      const s = await h.onlyLlm();
      assert.equal(s.status.code, 'error');
      assert.equal(s.attributes['error.type'], 'APIConnectionTimeoutError');
    });

    it('traces countTokens as a span of its own, not an LLM call, even inside traceLLM', async () => {
      h.fresh();
      const counted = await traceLLM({ operation: 'count' }, () =>
        h.client.messages.countTokens({ model: 'claude-test', messages: user('how long is this') })
      );
      const spans = await h.spans();
      const op = spans.find((s) => s.name === 'count_tokens claude-test');
      assert.ok(op, 'a count_tokens span');
      assert.equal(op.attributes['noveum.span_type'], 'operation');
      assert.equal(op.attributes['llm.counted_input_tokens'], counted.input_tokens);
      assert.equal(op.attributes['llm.input_tokens'], undefined, 'not usage');
      const llm = await h.onlyLlm();
      assert.equal(llm.name, 'llm.count');
      await h.client.beta.messages.countTokens({ model: 'claude-beta', messages: user('beta count') });
      const beta = (await h.spans()).find((s) => s.name === 'count_tokens claude-beta');
      assert.equal(beta?.attributes['llm.method'], 'beta.messages.countTokens');
      assert.equal(beta?.attributes['noveum.span_type'], 'operation');
      assert.equal(llm.attributes['llm.input_tokens'], undefined, 'the scope was not enriched');
    });

    it('traces messages.parse once, through create', async () => {
      h.fresh();
      const parsed = await h.client.messages.parse({ model: 'claude-test', max_tokens: 20, messages: user('parse') });
      assert.equal(parsed.content[0].text, 'Echo: parse');
      assert.equal((await h.onlyLlm()).attributes['llm.response'], 'Echo: parse');
    });

    it('traces beta.messages.create', async () => {
      h.fresh();
      await h.client.beta.messages.create({ model: 'claude-test', max_tokens: 20, messages: user('beta') });
      const s = await h.onlyLlm();
      assert.equal(s.attributes['llm.method'], 'beta.messages.create');
      assert.equal(s.attributes['llm.response'], 'Echo: beta');
    });
  });
}
