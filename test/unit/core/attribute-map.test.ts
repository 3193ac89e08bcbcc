/**
 * A string passed where an attributes object is expected used to become one attribute per
 * character (200,000 attributes for a 200 KB string). Anything but an object is ignored,
 * with one warning per API that names the expected shape.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSpan, trace, traceExistingFunction, traceOperation } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const BIG = 'x'.repeat(200_000);

function userKeys(attributes: object): string[] {
  return Object.keys(attributes).filter((k) => !k.startsWith('noveum.'));
}

describe('a string where attributes are expected', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('span.setAttributes, addEvent and startSpan ignore it', () => {
    const span = startSpan('manual', { attributes: BIG as never });
    span.setAttributes(BIG as never);
    span.setAttributes(['a', 'b'] as never);
    span.addEvent('e', BIG as never);
    span.end();
    const s = t.span('manual');
    assert.deepEqual(userKeys(s.attributes), []);
    assert.deepEqual(Object.keys(s.events[0]!.attributes), []);
    assert.equal(t.diagLines.filter((l) => l.includes('setAttributes: attributes must be an object')).length, 1);
    assert.match(t.diagLines.join('\n'), /got a string of 200000 characters/);
  });

  it('traceOperation, traceExistingFunction and @trace options ignore it', () => {
    traceOperation('scoped', { attributes: BIG as never }, () => 1);
    traceExistingFunction(() => 2, 'wrapped', BIG as never)();
    class C {
      @trace({ name: 'decorated', attributes: BIG as never })
      m(): number {
        return 3;
      }
    }
    assert.equal(new C().m(), 3);
    for (const name of ['scoped', 'wrapped', 'decorated']) assert.deepEqual(userKeys(t.span(name).attributes), []);
  });

  it('objects are still copied as before', () => {
    traceOperation('ok', { attributes: { 'doc.count': 3 } }, (span) => span.setAttributes({ more: true }));
    assert.deepEqual(userKeys(t.span('ok').attributes).sort(), ['doc.count', 'more']);
  });
});
