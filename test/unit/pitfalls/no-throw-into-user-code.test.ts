/**
 * Calls that used to throw into user code: each now returns normally (or resolves), with at
 * most one warning per cause. The broader sweep over every export is
 * test/integration/core/hostile-input.test.ts; these are the reported cases, one by one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  enableAutoTracing,
  extractTokenUsage,
  flush,
  instrument,
  redactText,
  startSpan,
  trace,
  traceExistingFunction,
  type Span,
} from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

function revoked<T extends object>(target: T): T {
  const r = Proxy.revocable(target, {});
  r.revoke();
  return r.proxy;
}

describe('calls that must not throw into user code', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('span.addLink(undefined) and links without valid ids are ignored with one warning', () => {
    const span = startSpan('links');
    span.addLink(undefined as never);
    span.addLink({ traceId: 'x'.repeat(1_000_000), spanId: '1' });
    span.addLink({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { why: 'batch' } });
    span.end();
    assert.deepEqual(
      t.span('links').links.map((l) => l.traceId),
      ['a'.repeat(32)]
    );
    assert.equal(t.diagLines.filter((l) => l.includes('addLink')).length, 1);
  });

  it('setAttribute with a Symbol key, before and after end, and a key whose toString throws', () => {
    const hostileKey = {
      toString(): string {
        throw new Error('toString');
      },
    };
    const span: Span = startSpan('keys');
    span.setAttribute(Symbol('k') as never, 1);
    span.setAttribute(hostileKey as never, 1);
    span.setAttribute('kept', 1);
    span.end();
    span.setAttribute(Symbol('late') as never, 2);
    span.setAttribute(hostileKey as never, 2);
    assert.deepEqual(
      Object.keys(t.span('keys').attributes).filter((k) => !k.startsWith('noveum.')),
      ['kept']
    );
  });

  it('instrument() with a getter that throws', () => {
    const modules = {
      get openai(): unknown {
        throw new Error('getter');
      },
    };
    assert.equal(instrument(modules as never), 0);
  });

  it('revoked proxies given to trace, traceExistingFunction and enableAutoTracing', () => {
    const fn = revoked(function f() {});
    assert.equal(typeof trace(revoked({}) as never), 'function');
    assert.equal(typeof traceExistingFunction(fn), 'function');
    assert.equal(enableAutoTracing(revoked([]) as never), false);
  });

  it('redactText(s, a revoked proxy) still redacts, with every built-in detector', () => {
    assert.equal(redactText('mail jane@example.com', revoked({}) as never), 'mail [REDACTED:email]');
  });

  it('extractTokenUsage(a revoked proxy) returns undefined', () => {
    assert.equal(extractTokenUsage(revoked({})), undefined);
  });

  it('flush(10n) resolves, like every flush', async () => {
    await flush(10n as never);
    await flush(NaN);
    await flush(-1);
  });
});
