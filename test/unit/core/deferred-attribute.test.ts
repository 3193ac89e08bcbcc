/**
 * Deferred attributes: worked out when the span's attributes are first read (at export),
 * never on the caller's path, and never able to break the span.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSpan, traceOperation } from '../../../src/index.js';
import { DeferredAttribute } from '../../../src/core/attributes.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

class Counting extends DeferredAttribute {
  calls = 0;
  constructor(private readonly _make: () => unknown) {
    super();
  }
  resolve(): unknown {
    this.calls++;
    return this._make();
  }
  sizeHint(): number {
    return 10;
  }
}

describe('deferred attributes', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  it('are resolved once, when the attributes are read, and exported like any value', () => {
    const value = new Counting(() => ({ role: 'user', content: 'hi' }));
    const span = startSpan('deferred');
    span.setAttribute('llm.messages', value);
    span.setAttributes({ 'llm.response': new Counting(() => 'hello'), plain: 1 });
    assert.equal(value.calls, 0, 'nothing is worked out while the span is open');
    span.end();
    const exported = t.span('deferred');
    assert.equal(exported.attributes['llm.messages'], '{"role":"user","content":"hi"}');
    assert.equal(exported.attributes['llm.response'], 'hello');
    assert.equal(exported.attributes.plain, 1);
    void exported.attributes;
    assert.equal(value.calls, 1);
  });

  it('are recognised when made by the other build of the package (ESM vs CommonJS)', () => {
    // What a DeferredAttribute of the other copy looks like from here: its own class, same brand.
    const foreign = {
      get [Symbol.for('noveum-trace.deferred-attribute')]() {
        return true;
      },
      resolve: () => 'from the other copy',
      sizeHint: () => 20,
    };
    traceOperation('foreign', (span) => span.setAttribute('llm.messages', foreign));
    assert.equal(t.span('foreign').attributes['llm.messages'], 'from the other copy');
  });

  it('give way to a plain value set later for the same key', () => {
    traceOperation('overridden', (span) => {
      span.setAttribute('k', new Counting(() => 'deferred'));
      span.setAttribute('k', 'plain');
      span.setAttribute('j', new Counting(() => 'deferred'));
      span.setAttributes({ j: 'plain too' });
    });
    assert.equal(t.span('overridden').attributes.k, 'plain');
    assert.equal(t.span('overridden').attributes.j, 'plain too');
  });

  it('drop only their own attribute, and report it, when resolving throws', () => {
    const before = getDiagnostics().internalErrors;
    traceOperation('throws', (span) => {
      span.setAttribute(
        'bad',
        new Counting(() => {
          throw new Error('boom');
        })
      );
      span.setAttribute('good', 'kept');
    });
    const span = t.span('throws');
    assert.equal(span.attributes.bad, undefined);
    assert.equal(span.attributes.good, 'kept');
    assert.equal(getDiagnostics().internalErrors, before + 1);
  });
});
