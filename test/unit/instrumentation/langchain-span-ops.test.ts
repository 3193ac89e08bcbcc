// LangChain's handler fills in figures a provider instrumentation has not set; asking what is
// already there must not resolve the provider's deferred captures on the caller's path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/index.js';
import { DeferredAttribute } from '../../../src/core/attributes.js';
import { KeptTraces } from '../../helpers/tracing.js';
import { attributeOf, setDefined } from '../../../src/instrumentation/langchain/span-ops.js';

class CountingCapture extends DeferredAttribute {
  resolved = 0;
  resolve(): string {
    this.resolved++;
    return '[{"role":"user","content":"from the provider"}]';
  }
  sizeHint(): number {
    return 48;
  }
}

describe('langchain span ops', () => {
  const keeping = new KeptTraces();
  before(() => init({ exporter: 'none', processors: [keeping] }));
  after(() => shutdown());

  it('setDefined(…, onlyMissing) keeps a deferred capture, unresolved until export', () => {
    const span = startSpan('llm');
    const capture = new CountingCapture();
    span.setAttribute('llm.messages', capture);
    span.setAttribute('llm.model', 'gpt-x');
    setDefined(span, { 'llm.messages': '[]', 'llm.model': 'other', 'llm.input_tokens': 7 }, true);
    assert.equal(attributeOf(span, 'llm.model'), 'gpt-x');
    assert.equal(capture.resolved, 0, 'the capture was resolved on the caller path');
    span.end();
    const attributes = keeping.traces.at(-1)!.spans[0]!.attributes;
    assert.equal(attributes['llm.messages'], '[{"role":"user","content":"from the provider"}]');
    assert.equal(attributes['llm.model'], 'gpt-x');
    assert.equal(attributes['llm.input_tokens'], 7);
    assert.equal(capture.resolved, 1);
  });

  it('setDefined without onlyMissing writes over what is there', () => {
    const span = startSpan('llm');
    span.setAttribute('llm.model', 'gpt-x');
    setDefined(span, { 'llm.model': 'other', 'llm.output_tokens': undefined });
    span.end();
    const attributes = keeping.traces.at(-1)!.spans[0]!.attributes;
    assert.equal(attributes['llm.model'], 'other');
    assert.equal('llm.output_tokens' in attributes, false);
  });
});
