/**
 * Which Agents trace processors run once `openai-agents` is instrumented: by default ours
 * replaces the list (OpenAI's exporter included, so nothing goes to OpenAI's trace endpoint);
 * `methods: ['add-processor']` adds ours and keeps the others; a later `setTraceProcessors()`
 * keeps ours; after `uninstrument()` ours goes quiet.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as agents from '@openai/agents';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

/** A processor that counts the traces it is shown. */
function countingProcessor(): agents.TracingProcessor & { traces: number } {
  return {
    traces: 0,
    async onTraceStart() {
      this.traces++;
    },
    async onTraceEnd() {},
    async onSpanStart() {},
    async onSpanEnd() {},
    async shutdown() {},
    async forceFlush() {},
  };
}

describe('OpenAI Agents trace processors', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  const agent = () => new agents.Agent({ name: 'Plain', instructions: 'x', model: 'gpt-4o-mini' });
  const workflows = async () => {
    await getClient().forceFlush();
    return tracing.spans().filter((s) => s.name === 'Agent workflow').length;
  };

  before(async () => {
    server = await startFakeOpenAI();
    tracing = setupTracing();
    agents.setDefaultOpenAIClient(new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 }));
  });
  after(async () => {
    uninstrument('openai-agents');
    await tracing.close();
    await server.close();
  });
  beforeEach(() => {
    uninstrument('openai-agents');
    tracing.exporter.reset();
  });

  it("methods ['add-processor'] keeps the processors registered before", async () => {
    const theirs = countingProcessor();
    agents.setTraceProcessors([theirs]);
    assert.equal(instrument({ 'openai-agents': agents }, { methods: ['add-processor'] }), 1);
    await agents.run(agent(), 'hi');
    assert.equal(theirs.traces, 1);
    assert.equal(await workflows(), 1);
  });

  it('by default replaces them, so OpenAI’s exporter sends nothing', async () => {
    const theirs = countingProcessor();
    agents.setTraceProcessors([theirs]);
    instrument({ 'openai-agents': agents });
    await agents.run(agent(), 'hi');
    assert.equal(theirs.traces, 0);
    assert.equal(await workflows(), 1);
  });

  it('stays registered when the app sets the processor list afterwards', async () => {
    instrument({ 'openai-agents': agents });
    const theirs = countingProcessor();
    agents.setTraceProcessors([theirs]);
    await agents.run(agent(), 'hi');
    assert.equal(theirs.traces, 1);
    assert.equal(await workflows(), 1);
  });

  it('goes quiet after uninstrument()', async () => {
    instrument({ 'openai-agents': agents });
    uninstrument('openai-agents');
    await agents.run(agent(), 'hi');
    assert.equal(await workflows(), 0);
  });

  it('warns once when the SDK’s own tracing is off, naming how to turn it on', async () => {
    agents.setTracingDisabled(true);
    try {
      instrument({ 'openai-agents': agents });
      await agents.run(agent(), 'hi');
      assert.equal(await workflows(), 0);
      const warnings = tracing.diagLines.filter((l) => l.includes('tracing is turned off'));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /setTracingDisabled\(false\)/);
    } finally {
      agents.setTracingDisabled(false);
    }
  });
});
