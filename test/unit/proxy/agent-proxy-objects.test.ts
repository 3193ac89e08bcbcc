/**
 * TracedAgentProxy as an object: members other than methods behave as on the agent, `#private`
 * fields and methods keep working, calls the agent makes on itself nest, `options.methods`
 * chooses what is traced, and wrapping twice traces once.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TracedAgentProxy } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const TAG = Symbol('tag');

class BaseAgent {
  describe(): string {
    return `base of ${this.constructor.name}`;
  }
}

class Researcher extends BaseAgent {
  #secret = 'k-123';
  model = 'gpt-4o';
  [TAG] = 'tagged';
  static created = 0;

  get secret(): string {
    return this.#secret;
  }
  set secret(value: string) {
    this.#secret = value;
  }

  /** Uses #private and calls another method on `this`: both must work, and the call must nest. */
  run(query: string): string {
    return `${this.#redact(this.#secret)}|${this.plan(query)}`;
  }
  plan(query: string): string {
    return `plan(${query}) with ${this.model}`;
  }
  async research(query: string): Promise<string> {
    await Promise.resolve();
    return this.plan(query) + (#secret in this ? ' #ok' : ' #missing');
  }
  configure(model: string): this {
    this.model = model;
    return this;
  }
  override toString(): string {
    return `Researcher(${this.#secret})`;
  }
  *[Symbol.iterator](): Generator<string> {
    yield this.#secret;
  }
  #redact(value: string): string {
    return value.slice(0, 2) + '***';
  }
}

describe('TracedAgentProxy as an object', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  const names = (): string[] => t.spans().map((s) => s.name);

  describe('members other than methods', () => {
    it('keeps properties, getters and setters on #private, symbols, in, Object.keys, instanceof and constructor', () => {
      const raw = new Researcher();
      const agent = new TracedAgentProxy(raw, 'r');
      assert.equal(agent.model, 'gpt-4o');
      assert.equal(agent.secret, 'k-123');
      agent.secret = 'k-456';
      assert.equal(raw.secret, 'k-456', 'the setter wrote the real agent’s #secret');
      agent.model = 'o3';
      assert.equal(raw.model, 'o3');
      assert.equal(agent[TAG], 'tagged');
      assert.equal('plan' in agent && 'model' in agent && !('nope' in agent), true);
      assert.deepEqual(Object.keys(agent), Object.keys(raw));
      assert.ok(agent instanceof Researcher && agent instanceof BaseAgent);
      assert.ok(raw instanceof Researcher, 'the agent itself is still an instance');
      assert.equal(agent.constructor, Researcher);
      assert.equal(Object.getPrototypeOf(agent), Researcher.prototype);
      assert.equal(Researcher.created, 0);
      assert.deepEqual([...agent], ['k-456'], 'Symbol.iterator runs on the real agent');
      assert.equal(String(agent), 'Researcher(k-456)');
      assert.equal(JSON.stringify(agent), JSON.stringify(raw));
      assert.deepEqual(names(), [], 'reading members, toString and Symbol.iterator make no spans');
    });

    it('hands out one stable function per method, named like it', () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r');
      assert.equal(agent.plan, agent.plan);
      assert.equal(agent.plan.name, 'plan');
      assert.equal(agent.plan.length, 1);
    });

    it('is never a thenable: awaiting the proxy gives the proxy', async () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r');
      assert.equal('then' in agent, false);
      assert.equal(await Promise.resolve(agent), agent, 'Promise.resolve adopts thenables, so this is what await does');
      const thenable = new TracedAgentProxy(
        { then: (resolve: (v: string) => void) => resolve('resolved'), other: () => 1 },
        'th',
        { methods: ['then', 'other'] }
      );
      assert.equal(await thenable, 'resolved');
      assert.deepEqual(names(), [], '`then` is never traced, even when listed');
    });
  });

  describe('#private fields and calls on this', () => {
    it('runs a method that reads #private and calls this.plan(), with plan as a child span', () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r');
      assert.equal(agent.run('q'), 'k-***|plan(q) with gpt-4o');
      const run = t.span('agent.r.run');
      const plan = t.span('agent.r.plan');
      assert.equal(plan.parentSpanId, run.spanId);
      assert.equal(plan.traceId, run.traceId);
    });

    it('nests across await, runs #x in this, and traces inherited methods', async () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r');
      assert.equal(await agent.research('q'), 'plan(q) with gpt-4o #ok');
      assert.equal(agent.describe(), 'base of Researcher');
      await new Promise((r) => setImmediate(r));
      assert.equal(t.span('agent.r.plan').parentSpanId, t.span('agent.r.research').spanId);
      assert.equal(t.span('agent.r.describe').parentSpanId, undefined);
    });

    it('leaves the agent itself untraced when called directly, outside a traced call', () => {
      const raw = new Researcher();
      const agent = new TracedAgentProxy(raw, 'r');
      assert.equal(raw.run('q'), agent.run('q'));
      assert.deepEqual(names().sort(), ['agent.r.plan', 'agent.r.run']);
    });

    it('returns the proxy from a fluent `return this`, so chained calls stay traced', () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r');
      const chained = agent.configure('o3');
      assert.equal(chained, agent);
      chained.plan('q');
      assert.deepEqual(names().sort(), ['agent.r.configure', 'agent.r.plan']);
    });

    it('nests calls of a plain object on itself (it runs with the proxy as this)', () => {
      const plain = {
        steps: [] as string[],
        run(q: string): string {
          this.steps.push(q);
          return this.think(q);
        },
        think(q: string): string {
          return `thought about ${q}`;
        },
      };
      const agent = new TracedAgentProxy(plain, 'plain');
      assert.equal(agent.run('q'), 'thought about q');
      assert.deepEqual(plain.steps, ['q']);
      assert.equal(t.span('agent.plain.think').parentSpanId, t.span('agent.plain.run').spanId);
    });

    it('still traces the calls of a frozen agent, and a frozen plain object’s methods still run', () => {
      const frozen = Object.freeze(new Researcher());
      assert.equal(new TracedAgentProxy(frozen, 'fr').run('q'), 'k-***|plan(q) with gpt-4o');
      assert.deepEqual(names(), ['agent.fr.run'], 'no shim on a frozen agent: its own calls do not nest');
      const plain = Object.freeze({ ping: () => 'pong' });
      assert.equal(new TracedAgentProxy(plain, 'fp').ping(), 'pong');
    });
  });

  describe('options.methods', () => {
    it('traces exactly the listed methods, symbols included', () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r', { methods: ['plan', Symbol.iterator] });
      agent.run('q');
      assert.deepEqual([...agent].length, 1);
      assert.deepEqual(names().sort(), ['agent.r.[Symbol.iterator]', 'agent.r.plan']);
    });

    it('takes { include, exclude }, exclude winning, and { exclude } alone on top of the defaults', () => {
      const both = new TracedAgentProxy(new Researcher(), 'both', {
        methods: { include: ['run', 'plan', 'toString'], exclude: ['plan'] },
      });
      both.run('q');
      String(both);
      assert.deepEqual(names().sort(), ['agent.both.run', 'agent.both.toString']);
      t.exporter.reset();
      const excluded = new TracedAgentProxy(new Researcher(), 'ex', { methods: { exclude: ['plan'] } });
      excluded.run('q');
      excluded.describe();
      assert.deepEqual(names().sort(), ['agent.ex.describe', 'agent.ex.run']);
    });

    it('runs untraced methods on the real agent (#private works), still tracing the listed ones they call', () => {
      const agent = new TracedAgentProxy(new Researcher(), 'r', { methods: ['plan'] });
      assert.equal(agent.run('q'), 'k-***|plan(q) with gpt-4o');
      assert.deepEqual(names(), ['agent.r.plan']);
    });
  });

  describe('wrapping twice', () => {
    it('returns the same proxy for the agent or the proxy, and traces each call once', () => {
      const raw = new Researcher();
      const first = new TracedAgentProxy(raw, 'r');
      const again = new TracedAgentProxy(raw, 'r');
      const ofProxy = new TracedAgentProxy(first, 'r');
      assert.equal(again, first);
      assert.equal(ofProxy, first);
      ofProxy.plan('q');
      assert.deepEqual(names(), ['agent.r.plan']);
    });

    it('warns once when the second wrap names another agent type', () => {
      const first = new TracedAgentProxy(new Researcher(), 'one');
      const second = new TracedAgentProxy(first, 'two');
      assert.equal(new TracedAgentProxy(first, 'two'), second);
      second.plan('q');
      assert.deepEqual(names(), ['agent.one.plan']);
      assert.equal(t.diagLines.filter((l) => l.includes('already traced as "one"')).length, 1);
    });
  });
});
