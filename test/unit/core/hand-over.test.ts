// Captures waiting for export go with the ended trace, not with the live span: an instrumented
// call's span can stay reachable after the call until a full GC, and captured prompts then
// reached the old generation with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/index.js';
import { DeferredAttribute } from '../../../src/core/attributes.js';
import type { Span } from '../../../src/core/types.js';
import { KeptTraces } from '../../helpers/tracing.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TEXT = 'captured prompt '.repeat(500);

class Capture extends DeferredAttribute {
  constructor(private readonly _text: string) {
    super();
  }
  resolve(): string {
    return this._text;
  }
  sizeHint(): number {
    return this._text.length;
  }
}

/** Resolves true once `target` has been collected (full GCs between turns), false after `turns`. */
async function collected(registry: { done: boolean }, turns = 20): Promise<boolean> {
  for (let i = 0; i < turns && !registry.done; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return registry.done;
}

describe('hand-over of ended traces', () => {
  const holding = new KeptTraces();
  before(() => init({ exporter: 'none', processors: [holding] }));
  after(() => shutdown());

  it('the processors get the captures, resolved like any deferred value', () => {
    holding.traces = [];
    const live = startSpan('llm');
    live.setAttribute('llm.messages', new Capture(TEXT));
    live.setAttribute('plain', 1);
    live.end();
    const [trace] = holding.traces;
    const span = trace!.spans[0]!;
    assert.equal(trace!.rootSpan, span);
    assert.equal(span.spanId, live.spanId);
    assert.ok(span.attributes['llm.messages'] === TEXT, 'the capture is exported');
    assert.equal(span.attributes.plain, 1);
  });

  it('once its trace is done with, the live span no longer keeps the captures alive', async () => {
    holding.traces = [];
    const state = { done: false };
    const registry = new FinalizationRegistry(() => (state.done = true));
    let live: Span | undefined = startSpan('llm');
    (() => {
      const capture = new Capture(TEXT);
      registry.register(capture, 'capture');
      live.setAttribute('llm.messages', capture);
    })();
    live.end();
    assert.equal(holding.traces.length, 1);
    // The queue is done with the trace (nothing read it); the app still holds the span.
    holding.traces = [];
    assert.equal(await collected(state), true, 'the capture is collected while the span is still held');
    assert.equal(live.isEnded(), true);
    live = undefined;
  });

  it('a trace without captures goes to the processors as it is', () => {
    holding.traces = [];
    const span = startSpan('plain');
    span.setAttribute('k', 'v');
    span.end();
    assert.equal(holding.traces[0]!.spans[0], span);
  });
});
