import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallCapture } from '../../../src/instrumentation/genai/capture.js';
import {
  isFolded,
  spanEnd,
  spanError,
  spanStart,
  traceStart,
} from '../../../src/instrumentation/openai-agents/utils.js';

const CAPTURE: CallCapture = {
  inputs: true,
  outputs: true,
  maxInputLength: 1000,
  maxOutputLength: 1000,
  redact: undefined,
};
const NO_CAPTURE: CallCapture = { ...CAPTURE, inputs: false, outputs: false };

/** Attribute values as they are exported (deferred captures resolved). */
function plain(bag: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bag)) {
    if (v === undefined) continue;
    const resolve = (v as { resolve?: () => unknown } | null)?.resolve;
    out[k] = typeof resolve === 'function' ? resolve.call(v) : v;
  }
  return out;
}

describe('openai-agents span mapping', () => {
  it('names the workflow after the trace and keeps the framework’s ids', () => {
    const start = traceStart({ traceId: 'trace_1', name: 'Support flow', groupId: 'conv_9' });
    assert.equal(start.name, 'Support flow');
    assert.equal(start.attributes['agent.workflow.id'], 'trace_1');
    assert.equal(start.attributes['agent.workflow.group_id'], 'conv_9');
    assert.equal(start.attributes['noveum.span_type'], 'agent');
  });

  it('folds task and turn spans into their parent', () => {
    assert.equal(isFolded({ type: 'task', name: 'Agent workflow' }), true);
    assert.equal(isFolded({ type: 'turn' }), true);
    assert.equal(isFolded({ type: 'agent', name: 'a' }), false);
  });

  it('names each kind of span the way the rest of the SDK does', () => {
    const names = [
      { type: 'agent', name: 'Triage' },
      { type: 'function', name: 'get_weather' },
      { type: 'response' },
      { type: 'generation', model: 'gpt-4o' },
      { type: 'handoff', from_agent: 'Triage' },
      { type: 'guardrail', name: 'no_pii', triggered: false },
      { type: 'mcp_tools', server: 'files' },
      { type: 'custom', name: 'lookup', data: {} },
      { type: 'speech_group' },
    ].map((data) => [spanStart(data).name, spanStart(data).attributes['noveum.span_type']]);
    assert.deepEqual(names, [
      ['agent.Triage', 'agent'],
      ['tool.get_weather', 'tool'],
      ['responses', 'llm'],
      ['chat gpt-4o', 'llm'],
      ['agent.handoff', 'agent'],
      ['guardrail.no_pii', 'operation'],
      ['mcp.list_tools', 'tool'],
      ['lookup', 'operation'],
      ['speech_group', 'operation'],
    ]);
  });

  it('reads usage, cost, output and tool calls of a response span from its Responses body', () => {
    const data = {
      type: 'response',
      response_id: 'resp_1',
      _input: 'Weather?',
      _response: {
        id: 'resp_1',
        model: 'gpt-4o-mini-2024-07-18',
        instructions: 'Be brief.',
        status: 'completed',
        output: [{ type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        usage: { input_tokens: 100, output_tokens: 10, input_tokens_details: { cached_tokens: 40 } },
      },
    };
    const end = spanEnd(data, CAPTURE, false);
    const a = plain(end.attributes);
    assert.equal(end.name, 'responses gpt-4o-mini-2024-07-18');
    assert.equal(a['llm.input_tokens'], 100);
    assert.equal(a['llm.cached_tokens'], 40);
    assert.equal(a['llm.response_id'], 'resp_1');
    assert.equal(typeof a['llm.cost.total'], 'number');
    assert.match(String(a['llm.tool_calls']), /get_weather/);
    assert.match(String(a['llm.messages']), /Be brief\..*Weather\?/);
  });

  it('writes nothing of the model call onto a span the provider integration claimed, but names it', () => {
    const data = {
      type: 'response',
      _response: { model: 'gpt-4o-mini', usage: { input_tokens: 5, output_tokens: 1 } },
    };
    assert.deepEqual(spanEnd(data, CAPTURE, true, 'gpt-4o-mini'), { name: 'responses gpt-4o-mini', attributes: {} });
  });

  it('reads a generation span’s Chat Completions body', () => {
    const data = {
      type: 'generation',
      model: 'gpt-4o',
      input: [{ role: 'user', content: 'hi' }],
      output: [
        {
          id: 'c1',
          model: 'gpt-4o-2024-08-06',
          choices: [{ finish_reason: 'stop', message: { content: 'Hello' } }],
          usage: { prompt_tokens: 3, completion_tokens: 2 },
        },
      ],
    };
    const end = spanEnd(data, CAPTURE, false);
    const a = plain(end.attributes);
    assert.equal(end.name, 'chat gpt-4o');
    assert.deepEqual(
      [a['llm.input_tokens'], a['llm.output_tokens'], a['llm.response'], a['llm.finish_reason']],
      [3, 2, 'Hello', 'stop']
    );
  });

  it('captures tool input and output only when capture allows', () => {
    const data = { type: 'function', name: 'f', input: '{"q":1}', output: 'done' };
    assert.deepEqual(plain(spanEnd(data, CAPTURE, false).attributes), {
      'tool.input': '{"q":1}',
      'tool.output': 'done',
    });
    assert.deepEqual(plain(spanEnd(data, NO_CAPTURE, false).attributes), {});
  });

  it('maps handoffs, guardrails and MCP listings', () => {
    const handoff = spanEnd({ type: 'handoff', from_agent: 'A', to_agent: 'B' }, CAPTURE, false);
    assert.equal(handoff.name, 'agent.handoff.B');
    assert.deepEqual(plain(handoff.attributes), { 'agent.handoff.from': 'A', 'agent.handoff.to': 'B' });
    assert.deepEqual(plain(spanEnd({ type: 'guardrail', name: 'g', triggered: true }, CAPTURE, false).attributes), {
      'guardrail.triggered': true,
    });
    assert.deepEqual(
      plain(spanEnd({ type: 'mcp_tools', server: 's', result: ['a', 'b'] }, CAPTURE, false).attributes),
      {
        'mcp.server': 's',
        'mcp.tools': ['a', 'b'],
      }
    );
  });

  it('reads the error type from the error detail the runner records', () => {
    const tripwire = spanError({
      message: 'Error in agent run',
      data: { error: 'InputGuardrailTripwireTriggered: Input guardrail triggered: {}' },
    });
    assert.equal(tripwire.attributes['error.type'], 'InputGuardrailTripwireTriggered');
    assert.equal(tripwire.message, 'InputGuardrailTripwireTriggered: Input guardrail triggered: {}');
    assert.deepEqual(spanError({ message: 'Error getting response' }), {
      message: 'Error getting response',
      attributes: { 'error.type': 'AgentsSpanError' },
    });
  });
});
