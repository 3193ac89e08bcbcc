/**
 * The Agents processor on its own, fed the trace and span objects the SDK hands processors:
 * callbacks that arrive late (a model call asks for its span before `onSpanStart`), a trace
 * whose start was never seen, and the bound on traces whose end never comes.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { prepareCaptureConfig } from '../../../src/instrumentation/genai/capture.js';
import { NoveumAgentsProcessor } from '../../../src/instrumentation/openai-agents/processor.js';
import type { AgentsSpan } from '../../../src/instrumentation/openai-agents/internal-types.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

function agentsSpan(spanId: string, traceId: string, parentId: string | null, type: string, name?: string): AgentsSpan {
  return { spanId, traceId, parentId, spanData: name === undefined ? { type } : { type, name }, error: null };
}

describe('NoveumAgentsProcessor', () => {
  let tracing: TestTracing;
  let processor: NoveumAgentsProcessor;
  const names = async () => {
    await getClient().forceFlush();
    return tracing.spans().map((s) => s.name);
  };
  beforeEach(() => {
    tracing = setupTracing();
    processor = new NoveumAgentsProcessor({ enabled: true, capture: prepareCaptureConfig(undefined) }, 2);
  });
  afterEach(() => tracing.close());

  it('starts a span asked for by a model call before its start callback, once', async () => {
    await processor.onTraceStart({ traceId: 't1', name: 'flow' });
    const agent = agentsSpan('a', 't1', null, 'agent', 'A');
    const response = agentsSpan('r', 't1', 'a', 'response');
    await processor.onSpanStart(agent);
    const scope = processor.scopeOf(response, undefined);
    assert.ok(scope?.owner, 'the response span is an LLM owner');
    await processor.onSpanStart(response);
    await processor.onSpanEnd(response);
    await processor.onSpanEnd(agent);
    await processor.onTraceEnd({ traceId: 't1' });
    assert.deepEqual((await names()).sort(), ['agent.A', 'flow', 'responses']);
  });

  it('records the spans of a trace whose start it never saw', async () => {
    const tool = agentsSpan('f', 't2', null, 'function', 'lookup');
    await processor.onSpanStart(tool);
    await processor.onSpanEnd(tool);
    assert.deepEqual(await names(), ['tool.lookup']);
  });

  it('ends the oldest open trace, its open spans marked aborted, past the bound', async () => {
    await processor.onTraceStart({ traceId: 'old', name: 'old' });
    await processor.onSpanStart(agentsSpan('x', 'old', null, 'agent', 'Stuck'));
    await processor.onTraceStart({ traceId: 'mid', name: 'mid' });
    await processor.onTraceStart({ traceId: 'new', name: 'new' });
    await getClient().forceFlush();
    const ended = tracing.spans().map((s) => [s.name, s.status.code, s.attributes['error.type']]);
    assert.deepEqual(ended.sort(), [
      ['agent.Stuck', 'error', 'aborted'],
      ['old', 'ok', undefined],
    ]);
  });
});
