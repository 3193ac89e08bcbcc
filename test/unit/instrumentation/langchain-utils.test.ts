/**
 * The LangChain payload mappers on their own: serialized runnables, messages, `LLMResult`s
 * (plain and streamed shapes), documents and LangGraph's control-flow errors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatPromptValue, StringPromptValue } from '@langchain/core/prompt_values';
import { prepareCaptureConfig, resolveCallCapture } from '../../../src/instrumentation/genai/capture.js';
import { CONTROL_FLOW_ERRORS } from '../../../src/instrumentation/langchain/constants.js';
import {
  documentsAttributes,
  isControlFlow,
  modelRequestAttributes,
  neutralMessage,
  plainRunValue,
  runNameOf,
  summarizeLlmResult,
  toolOutputOf,
} from '../../../src/instrumentation/langchain/utils.js';

const capture = resolveCallCapture(prepareCaptureConfig(undefined), {
  inputs: true,
  outputs: true,
  maxInputLength: 1000,
  maxOutputLength: 1000,
});

describe('LangChain mappers', () => {
  it('names a run by its run name, else its serialized name or class', () => {
    const serialized = { id: ['langchain_core', 'runnables', 'RunnableSequence'] };
    assert.equal(runNameOf(serialized, undefined, 'chain'), 'RunnableSequence');
    assert.equal(runNameOf({ ...serialized, name: 'MyChain' }, undefined, 'chain'), 'MyChain');
    assert.equal(runNameOf(serialized, 'agent', 'chain'), 'agent');
    assert.equal(runNameOf(undefined, undefined, 'chain'), 'chain');
  });

  it('reads model, provider and sampling params of a model run', () => {
    const attrs = modelRequestAttributes(
      'chat',
      { id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'] },
      { invocation_params: { model: 'gpt-4o-mini', temperature: 0.2, max_completion_tokens: 50 } },
      { ls_provider: 'openai' }
    );
    assert.equal(attrs['llm.model'], 'gpt-4o-mini');
    assert.equal(attrs['llm.provider'], 'openai');
    assert.equal(attrs['llm.temperature'], 0.2);
    assert.equal(attrs['llm.max_tokens'], 50);
  });

  it('maps messages to roles, keeping tool calls', () => {
    assert.deepEqual(neutralMessage({ getType: () => 'human', content: 'hi' }), { role: 'user', content: 'hi' });
    const ai = neutralMessage({ type: 'ai', content: '', tool_calls: [{ name: 'f', args: {} }] });
    assert.deepEqual(ai, { role: 'assistant', content: '', tool_calls: [{ name: 'f', args: {} }] });
  });

  it('summarizes an LLMResult: usage with cache details, finish reason, id, tool calls', () => {
    const summary = summarizeLlmResult({
      generations: [
        [
          {
            text: 'hello',
            generationInfo: { finish_reason: 'stop' },
            message: {
              id: 'chatcmpl-1',
              response_metadata: { model_name: 'gpt-4o-mini-2024' },
              usage_metadata: {
                input_tokens: 10,
                output_tokens: 2,
                total_tokens: 12,
                input_token_details: { cache_read: 4 },
              },
              tool_calls: [{ id: 'c1', name: 'get', args: { a: 1 } }],
            },
          },
        ],
      ],
    });
    assert.equal(summary.id, 'chatcmpl-1');
    assert.equal(summary.model, 'gpt-4o-mini-2024');
    assert.equal(summary.finishReason, 'stop');
    assert.equal(summary.text, 'hello');
    assert.deepEqual(summary.usage, {
      input: 10,
      output: 2,
      total: 12,
      cached: 4,
      cacheCreation: undefined,
      reasoning: undefined,
    });
    assert.deepEqual(summary.toolCalls, [{ id: 'c1', name: 'get', arguments: '{"a":1}' }]);
  });

  it('falls back to llmOutput.tokenUsage (completion models)', () => {
    const summary = summarizeLlmResult({
      generations: [[{ text: 'x' }]],
      llmOutput: { tokenUsage: { promptTokens: 3, completionTokens: 1, totalTokens: 4 } },
    });
    assert.deepEqual(summary.usage, { input: 3, output: 1, total: 4 });
  });

  it('counts retrieved documents and captures their text', () => {
    const attrs = documentsAttributes([{ pageContent: 'a', metadata: { id: 1 } }, { pageContent: 'b' }], capture);
    assert.equal(attrs['retrieval.results_count'], 2);
    assert.ok(attrs['retrieval.documents'] !== undefined);
  });

  it('reads a ToolMessage’s content as the tool output', () => {
    assert.equal(toolOutputOf({ content: 'Sunny', lc_kwargs: {} }), 'Sunny');
    assert.equal(toolOutputOf('plain'), 'plain');
  });

  it('recognises LangGraph control flow by bubble-up flag or name, and nothing else', () => {
    class GraphInterrupt extends Error {
      override name = 'GraphInterrupt';
    }
    assert.equal(isControlFlow(new GraphInterrupt(), CONTROL_FLOW_ERRORS), true);
    assert.equal(isControlFlow({ is_bubble_up: true }, CONTROL_FLOW_ERRORS), true);
    assert.equal(isControlFlow(new Error('boom'), CONTROL_FLOW_ERRORS), false);
    assert.equal(isControlFlow(undefined, CONTROL_FLOW_ERRORS), false);
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      }
    );
    assert.equal(isControlFlow(hostile, CONTROL_FLOW_ERRORS), false);
  });

  it('captures chain values with LangChain messages and prompt values as plain { role, content }', () => {
    const prompt = new ChatPromptValue([new SystemMessage('Be brief'), new HumanMessage('Hi')]);
    assert.deepEqual(plainRunValue(prompt), [
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.equal(plainRunValue(new StringPromptValue('Hi')), 'Hi');
    const reply = new AIMessage({ content: '', tool_calls: [{ name: 'f', args: { a: 1 }, id: 'c1' }] });
    assert.deepEqual(plainRunValue(reply), {
      role: 'assistant',
      content: '',
      tool_calls: [{ name: 'f', args: { a: 1 }, id: 'c1' }],
    });
    // A graph state: its message list is mapped, the caller's object and array left as they were.
    const state = { messages: [new HumanMessage('Hi'), 'note'], step: 2 };
    assert.deepEqual(plainRunValue(state), { messages: [{ role: 'user', content: 'Hi' }, 'note'], step: 2 });
    assert.ok(state.messages[0] instanceof HumanMessage);
    // Anything else as it is (same object), a hostile value included.
    const input = { topic: 'bears' };
    assert.equal(plainRunValue(input), input);
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      }
    );
    assert.equal(plainRunValue(hostile), hostile);
  });
});
