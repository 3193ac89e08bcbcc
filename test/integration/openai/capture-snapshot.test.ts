/**
 * Captured prompts are serialised at export, off the caller's path; what is exported must still
 * be the request as it was sent, whatever the app does to its `messages` array afterwards.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import OpenAI from 'openai';
import { describeOpenAIModes, type OpenAIHarness } from './harness.js';

describeOpenAIModes('openai capture', OpenAI, (h: OpenAIHarness) => {
  it('exports the messages as they were sent, though the app changes the array and its messages after the call', async () => {
    h.fresh();
    const messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first question' },
    ];
    const reply = await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    // A chat loop: keep the reply, reuse the array, and edit a message in place.
    messages.push({ role: 'assistant', content: reply.choices[0].message.content });
    messages[1]!.content = 'edited afterwards';
    const span = await h.lastLlm();
    assert.equal(
      span.attributes['llm.messages'],
      JSON.stringify([
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first question' },
      ])
    );
    assert.equal(span.attributes['llm.response'], 'Echo: first question');
  });

  it('cuts a 100 KB prompt to maxInputLength and marks the cut', async () => {
    h.fresh();
    const big = 'x'.repeat(100 * 1024);
    await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: big }] });
    const captured = String((await h.lastLlm()).attributes['llm.messages']);
    assert.ok(captured.startsWith('[{"role":"user","content":"xxx'));
    assert.ok(captured.endsWith('…[truncated]'));
    assert.ok(captured.length <= 20_000 + '…[truncated]'.length);
  });
});
