/**
 * Each kind of registry entry applied by the patcher to a tiny fake module: the traced function
 * runs the original once and returns its value, and unpatching restores what was there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patchRoot, unpatchAll, type LibraryState } from '../../../src/instrumentation/patcher.js';
import type { LibraryDefinition, MethodRegistry } from '../../../src/instrumentation/types.js';
import { prepareCaptureConfig } from '../../../src/instrumentation/genai/capture.js';

type Fn = (...args: unknown[]) => unknown;

/** A state whose wrapper records each call's path and tags the result. */
function stateFor(methods: MethodRegistry, calls: string[]): LibraryState {
  const def = {
    name: 'openai',
    moduleNames: ['fake'],
    supportedVersions: '>=1.0.0 <2',
    methods,
    aliases: {},
    resolveRoot: (m: unknown) => m as object,
    wrap: (original: Fn, path: string) =>
      function (this: unknown, ...args: unknown[]) {
        calls.push(path);
        return original.apply(this, args);
      },
  } as unknown as LibraryDefinition;
  const settings = { enabled: true, capture: prepareCaptureConfig(undefined) };
  return { def, settings, selected: Object.keys(methods), roots: new Set(), records: [] };
}

describe('patch kinds', () => {
  it('prototype: wraps a class method reached from the root, and restores it', () => {
    class Chat {
      create(x: number): number {
        return x + 1;
      }
    }
    const original = Chat.prototype.create;
    const mod = { Client: { Chat } };
    const calls: string[] = [];
    const state = stateFor(
      { 'chat.create': { owner: ['Client', 'Chat'], method: 'create', operation: 'chat' } },
      calls
    );
    assert.equal(patchRoot(state, mod, '1.0.0'), 1);
    assert.equal(new Chat().create(1), 2);
    assert.deepEqual(calls, ['chat.create']);
    assert.equal(patchRoot(state, mod, '1.0.0'), 1, 'patching again counts but does not wrap twice');
    new Chat().create(1);
    assert.deepEqual(calls, ['chat.create', 'chat.create']);
    unpatchAll(state);
    assert.equal(Chat.prototype.create, original);
  });

  it('static: wraps a static method of a class (called with the class as this), and restores it', () => {
    class Manager {
      static configure(x: number): unknown {
        return { self: this, x };
      }
    }
    class Child extends Manager {}
    const original = Manager.configure;
    const calls: string[] = [];
    const state = stateFor(
      { 'manager.configure': { kind: 'static', owner: ['Manager'], method: 'configure', operation: 'callbacks' } },
      calls
    );
    assert.equal(patchRoot(state, { Manager }, '1.0.0'), 1);
    assert.deepEqual(Manager.configure(1), { self: Manager, x: 1 });
    assert.deepEqual(Child.configure(2), { self: Child, x: 2 }, 'a subclass reaches it through its parent');
    assert.deepEqual(calls, ['manager.configure', 'manager.configure']);
    unpatchAll(state);
    assert.equal(Manager.configure, original);
  });

  it('function: wraps a function export of the module object, and restores it', () => {
    const generateText = (prompt: string) => `out:${prompt}`;
    const mod: Record<string, unknown> = { generateText };
    const calls: string[] = [];
    const state = stateFor({ generateText: { kind: 'function', export: 'generateText', operation: 'chat' } }, calls);
    assert.equal(patchRoot(state, mod, undefined), 1);
    assert.equal((mod['generateText'] as Fn)('p'), 'out:p');
    assert.deepEqual(calls, ['generateText']);
    unpatchAll(state);
    assert.equal(mod['generateText'], generateText);
  });

  it('function: a frozen export it cannot replace is reported missing, not counted', () => {
    const mod = Object.freeze({ generateText: () => 'x' });
    const state = stateFor({ generateText: { kind: 'function', export: 'generateText', operation: 'chat' } }, []);
    assert.equal(patchRoot(state, mod, undefined), 0);
  });

  it('instance: wraps the arrow property each instance sets in its constructor', () => {
    class Models {
      declare generateContent: Fn;
      constructor(private readonly prefix: string) {
        // Assigned, as compiled TypeScript (and @google/genai) does.
        this.generateContent = (q: unknown) => `${this.prefix}:${String(q)}`;
      }
    }
    const mod = { GoogleGenAI: { Models } };
    const calls: string[] = [];
    const state = stateFor(
      {
        'models.generateContent': {
          kind: 'instance',
          owner: ['GoogleGenAI', 'Models'],
          method: 'generateContent',
          operation: 'chat',
        },
      },
      calls
    );
    const before = new Models('old');
    assert.equal(patchRoot(state, mod, undefined), 1);
    const m = new Models('a');
    assert.equal(m.generateContent('q'), 'a:q');
    assert.deepEqual(calls, ['models.generateContent']);
    assert.equal(before.generateContent('q'), 'old:q');
    assert.equal(calls.length, 1, 'an instance built before patching stays as it was');
    unpatchAll(state);
    new Models('b').generateContent('q');
    assert.equal(calls.length, 1, 'instances built after unpatching are untraced');
  });

  it('install: registers a handler once per copy and removes it on unpatch', () => {
    const handlers = new Set<unknown>();
    const mod = {
      addTraceProcessor: (p: unknown) => handlers.add(p),
      removeTraceProcessor: (p: unknown) => handlers.delete(p),
    };
    const processor = { onSpanEnd: () => undefined };
    const state = stateFor(
      {
        processor: {
          kind: 'install',
          operation: 'agent',
          install: (root: object) => {
            const m = root as typeof mod;
            m.addTraceProcessor(processor);
            return () => m.removeTraceProcessor(processor);
          },
        },
      },
      []
    );
    assert.equal(patchRoot(state, mod, undefined), 1);
    assert.equal(patchRoot(state, mod, undefined), 1);
    assert.deepEqual([...handlers], [processor]);
    unpatchAll(state);
    assert.equal(handlers.size, 0);
  });
});
