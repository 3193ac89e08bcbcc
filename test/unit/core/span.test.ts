import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { finishSpan, getClient, startSpan, traceOperation } from '../../../src/index.js';
import { TRUNCATION_MARKER } from '../../../src/internal/safe-stringify.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('spans', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing({ maxAttributeLength: 1000 });
  });
  after(() => t.close());
  beforeEach(() => {
    t.exporter.reset();
    t.diagLines.length = 0;
  });

  it('have W3C ids: 32 and 16 lowercase hex characters', () => {
    const span = startSpan('ids');
    finishSpan(span);
    assert.match(span.traceId, /^[0-9a-f]{32}$/);
    assert.match(span.spanId, /^[0-9a-f]{16}$/);
  });

  it('record name, kind, start and end in epoch milliseconds, arrays, events, status and the exception with its stack', () => {
    const span = startSpan('model', {
      kind: 'client',
      attributes: { list: ['a', 'b'], flags: [true, false], mixed: [1, 'a'] },
    });
    span.addEvent('first', { n: 1 });
    span.addEvent('second');
    function failingStep(): never {
      throw new SyntaxError('bad json');
    }
    try {
      failingStep();
    } catch (error) {
      span.recordException(error);
      span.setStatus('error', 'parse failed');
    }
    finishSpan(span);
    const s = t.span('model');
    assert.equal(s.kind, 'client');
    assert.ok(s.endTime >= s.startTime && s.durationMs === s.endTime - s.startTime);
    assert.ok(Math.abs(s.startTime - Date.now()) < 60_000, 'times are epoch milliseconds');
    assert.deepEqual(s.attributes['list'], ['a', 'b']);
    assert.deepEqual(s.attributes['flags'], [true, false]);
    assert.equal(s.attributes['mixed'], '[1,"a"]', 'a mixed array is kept as JSON text');
    assert.deepEqual(
      s.events.map((e) => e.name),
      ['first', 'second', 'exception']
    );
    assert.deepEqual(s.events[0]?.attributes, { n: 1 });
    assert.equal(s.events[2]?.attributes['exception.type'], 'SyntaxError');
    assert.deepEqual(s.status, { code: 'error', message: 'parse failed' });
    assert.equal(s.exception?.type, 'SyntaxError');
    assert.equal(s.exception?.message, 'bad json');
    assert.match(s.exception?.stackTrace ?? '', /failingStep/);
  });

  it('warn once on a second end() and ignore it', () => {
    const span = startSpan('twice');
    span.end();
    span.end();
    span.end();
    assert.equal(t.spans().length, 1);
    const warnings = t.diagLines.filter((l) => l.includes('end() called twice'));
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]!.includes('"twice"') && warnings[0]!.includes(span.spanId));
  });

  it('ignore setAttribute after end with one warning', () => {
    const span = startSpan('closed');
    span.setAttribute('before', 1);
    span.end();
    span.setAttribute('after', 2);
    span.setAttributes({ again: 3 });
    assert.deepEqual(t.span('closed').attributes, { before: 1 });
    assert.equal(t.diagLines.filter((l) => l.includes('after it ended')).length, 1);
  });

  it('warn on an unknown parentSpanId and start a new trace', () => {
    const span = startSpan('orphan', { parentSpanId: '00f067aa0ba902b7' });
    span.end();
    assert.equal(t.span('orphan').parentSpanId, undefined);
    assert.ok(t.diagLines.some((l) => l.includes('00f067aa0ba902b7') && l.includes('new trace')));
  });

  it('store circular objects, BigInt, functions, symbols and huge strings safely, keeping the rest', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular['self'] = circular;
    const huge = 'x'.repeat(1024 * 1024);
    const span = getClient().startSpan('odd', {
      attributes: {
        circular,
        big: 10n ** 20n,
        fn: function named() {},
        sym: Symbol('s'),
        huge,
        nested: { big: 1n, f: () => 1, list: [1, 'a'] },
        plain: 'kept',
        n: 3,
      },
    });
    span.end();
    const a = t.span('odd').attributes;
    assert.equal(a['plain'], 'kept');
    assert.equal(a['n'], 3);
    assert.equal(a['big'], '100000000000000000000');
    assert.match(String(a['circular']), /\[Circular\]/);
    assert.equal(typeof a['fn'], 'string');
    assert.equal(typeof a['sym'], 'string');
    assert.ok(String(a['huge']).length < 1100, 'a 1 MB string is bounded');
    assert.ok(String(a['huge']).endsWith(TRUNCATION_MARKER), 'and marked as cut');
    assert.match(String(a['nested']), /"big":"1n"/);
  });

  it('never throw into the caller for hostile values, recording what they can', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const keysThrow = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      }
    );
    const badString = {
      toString(): string {
        throw new Error('no string');
      },
    };
    const hostileError = new Error('x');
    Object.defineProperty(hostileError, 'message', {
      get() {
        throw new Error('no message');
      },
    });
    const span = startSpan('hostile');
    span.setAttribute('kept', 1);
    span.setAttribute('revoked', revoked.proxy);
    span.setAttributes({
      get getter(): string {
        throw new Error('getter');
      },
      after: 'kept',
    });
    span.setAttributes(keysThrow);
    span.addEvent('event', keysThrow);
    span.recordException(revoked.proxy);
    span.recordException(hostileError);
    span.setStatus('error', badString as unknown as string);
    span.updateName(badString as unknown as string);
    span.end();
    const [exported] = t.spans();
    assert.equal(exported?.attributes['kept'], 1);
    assert.equal(exported?.attributes['after'], 'kept');
    assert.equal(typeof exported?.attributes['revoked'], 'string');
    assert.equal(typeof exported?.attributes['getter'], 'string');
    assert.equal(exported?.events.filter((e) => e.name === 'exception').length, 2);
    assert.equal(exported?.status.code, 'error');
    assert.equal(typeof exported?.name, 'string');
  });

  it('record exceptions of any thrown value', () => {
    traceOperation('strings', (s) => s.recordException('plain string'));
    const ex = t.span('strings').exception;
    assert.deepEqual([ex?.type, ex?.message], ['string', 'plain string']);
  });

  it('group spans of one trace and name the trace after its root', () => {
    traceOperation('root', () => traceOperation('child', () => {}));
    const [trace] = t.exporter.getFinishedTraces();
    assert.equal(trace?.name, 'root');
    assert.equal(trace?.spans.length, 2);
  });
});
