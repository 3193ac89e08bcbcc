/**
 * Keeps README.md (and docs/tracing.md) from rotting: every ```ts block preceded by `<!-- readme-test: run -->` or
 * `<!-- readme-test: typecheck -->` is type-checked (strict) against the built package's
 * .d.ts as an ESM consumer; `run` blocks are also executed, against a fake OpenAI server on
 * 127.0.0.1, and must exit cleanly without printing a warning. The configuration section
 * must name every init option, export option and environment variable the code reads.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConsumerResult } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import { startFakeAnthropic } from '../../fixtures/servers/anthropic-server.js';
import { startFakeOpenAI } from '../../fixtures/servers/openai-server.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  readonly name: string;
  readonly mode: 'run' | 'typecheck';
  readonly code: string;
}

/** The marked ```ts blocks, named after their position and the heading above them. */
function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let heading = 'top';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#+\s+(.*)$/.exec(line);
    if (h) heading = h[1]!;
    const marker = /^<!-- readme-test: (run|typecheck) -->$/.exec(line.trim());
    if (!marker) continue;
    assert.equal(lines[i + 1], '```ts', `the line after the marker on line ${i + 1} opens a ts block`);
    const end = lines.indexOf('```', i + 2);
    assert.ok(end > i, `the block after line ${i + 1} is closed`);
    const slug = heading
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    blocks.push({
      name: `line-${i + 2}-${slug}`,
      mode: marker[1] as Block['mode'],
      code: lines.slice(i + 2, end).join('\n'),
    });
  }
  return blocks;
}

// Stand-ins for the user's own code that the README names (`vectorDb`, `chatModel`).
const PRELUDE = `
interface Doc { text: string; score: number }
const vectorDb = {
  async search(query: string, topK: number): Promise<Doc[]> {
    return [{ text: 'about ' + query, score: 0.9 }, { text: 'more', score: 0.5 }].slice(0, topK);
  },
};
interface ChatResult {
  text: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
async function chatModel(prompt: string): Promise<ChatResult> {
  return { text: 'echo: ' + prompt.slice(0, 20), usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } };
}
`;

// docs/tracing.md shows snippets: their free names are declared (typed), never run.
const DOCS_PRELUDE = `
import type { OpenAI } from 'openai';
declare const openai: OpenAI;
declare const messages: OpenAI.ChatCompletionMessageParam[];
declare const db: { search(query: string): Promise<string[]> };
declare const q: string;
declare const queries: string[];
declare function run(query: string): Promise<void>;
declare function parse(input: Uint8Array): { pages: number };
declare function respond(req: Request): Promise<string>;
`;

const BLOCKS = extractBlocks(README);
const RUNNABLE = BLOCKS.filter((b) => b.mode === 'run');
const DOC_BLOCKS = extractBlocks(readFileSync(join(ROOT, 'docs', 'tracing.md'), 'utf8')).map((b) => ({
  ...b,
  name: `tracing-md-${b.name}`,
}));

let consumers: TypeScriptConsumers;
let results: Map<string, ConsumerResult>;
let closeServer: () => Promise<void>;
/** Block name → the text of the JSON-lines files the block's default file exporter wrote. */
let traceFiles: Map<string, string>;

function readTraceFiles(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

before(async () => {
  const scenarios = {
    ...Object.fromEntries(BLOCKS.map((b) => [b.name, b.code])),
    ...Object.fromEntries(DOC_BLOCKS.map((b) => [b.name, { body: b.code, prelude: DOCS_PRELUDE }])),
  };
  consumers = compileTypeScriptConsumers(scenarios, {
    prelude: PRELUDE,
    imports: {},
    formats: ['esm'],
  });
  const server = await startFakeOpenAI();
  const anthropic = await startFakeAnthropic();
  closeServer = async () => {
    await server.close();
    await anthropic.close();
  };
  // One working directory per block, so the traces each one wrote to .noveum/ can be told apart.
  const cwdOf = (b: Block): string => {
    const dir = join(ROOT, 'test', '.tmp', `readme-cwd-${process.pid}`, b.name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const env = {
    OPENAI_API_KEY: 'sk-readme-test',
    OPENAI_BASE_URL: server.url,
    ANTHROPIC_API_KEY: 'sk-ant-readme-test',
    ANTHROPIC_BASE_URL: anthropic.url,
    NOVEUM_API_KEY: '',
    NOVEUM_DEBUG: '',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    NO_COLOR: '1',
  };
  // Started together: each is its own short process, so this costs about one run's time.
  const runs = await Promise.all(
    RUNNABLE.map((b) => consumers.run(b.name, 'esm', { cwd: cwdOf(b), env, timeoutMs: 30_000 }))
  );
  results = new Map(RUNNABLE.map((b, i) => [b.name, runs[i]!]));
  traceFiles = new Map(RUNNABLE.map((b) => [b.name, readTraceFiles(join(cwdOf(b), '.noveum'))]));
});
after(async () => {
  await closeServer();
  rmSync(join(ROOT, 'test', '.tmp', `readme-cwd-${process.pid}`), { recursive: true, force: true });
});

describe('the README examples', () => {
  it('are marked: there are runnable and type-check-only blocks', () => {
    assert.ok(RUNNABLE.length >= 10, `found ${RUNNABLE.length} runnable blocks`);
    assert.ok(BLOCKS.length > RUNNABLE.length);
  });

  it('type-check strictly against the built .d.ts as an ESM consumer, with those of docs/tracing.md', () => {
    assert.ok(DOC_BLOCKS.length >= 6, `found ${DOC_BLOCKS.length} marked blocks in docs/tracing.md`);
    assert.deepEqual(consumers.diagnostics, []);
  });

  for (const block of RUNNABLE) {
    it(`run cleanly: ${block.name}`, () => {
      const result = results.get(block.name)!;
      assert.equal(result.code, 0, result.stderr);
      // The file exporter announces its folder once (an info line); anything else is a warning or an error.
      const unexpected = result.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('[noveum-trace] info:'));
      assert.deepEqual(unexpected, [], 'the example prints no warning or error');
      if (block.code.includes(`exporter: 'console'`)) {
        assert.match(result.stdout, /^trace [0-9a-f]{32} · /m, 'the console exporter printed a trace tree');
      }
    });
  }

  it('print what their comments promise', () => {
    const outputOf = (needle: string): string => {
      const block = RUNNABLE.find((b) => b.code.includes(needle));
      assert.ok(block, `a runnable block contains ${needle}`);
      return results.get(block.name)!.stdout;
    };
    assert.match(outputOf('new InMemoryExporter()'), /^checkout \[ 'charge_card', 'checkout' \]$/m);
    assert.match(outputOf('new TracedOpenAIClient('), /^true$/m);
    const batch = outputOf('batch_query_processing');
    assert.match(batch, /query_processing_1 .* error/);
    assert.match(batch, /\[ 'WHAT IS TRACING\?', null \]/);
    assert.match(outputOf('startScopedSpan('), /└─ render /, 'render is a child of handle_request');
    const agent = outputOf('new TracedAgentProxy(');
    assert.match(agent, /^true$/m);
    assert.match(agent, /^look up "refund policy" \(#1\)$/m);
    assert.match(agent, /└─ agent\.support\.plan /, 'plan is a child of answer');
    assert.match(
      outputOf('discoverAndInstrument()'),
      /^ {2}openai +\d+\.\d+\.\d+ +instrumented +chat\.completions\.create/m
    );
  });

  it('trace the OpenAI calls they make, into .noveum/ by default', () => {
    const filesOf = (needle: string): string => {
      const block = RUNNABLE.find((b) => b.code.includes(needle));
      assert.ok(block, `a runnable block contains ${needle}`);
      return traceFiles.get(block.name)!;
    };
    assert.match(filesOf('autoInstrument('), /"name":"chat gpt-4o-mini"/);
    assert.match(filesOf('new TracedOpenAIClient('), /"name":"embeddings text-embedding-3-small"/);
  });
});

describe('the README links', () => {
  it('point only at files and headings that exist', () => {
    const slugs = new Set(
      [...README.matchAll(/^#+\s+(.*)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-')
      )
    );
    const broken: string[] = [];
    for (const [, target] of README.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:/.test(target!)) continue;
      if (target!.startsWith('#')) {
        if (!slugs.has(target!.slice(1))) broken.push(target!);
      } else if (!existsSync(join(ROOT, target!.split('#')[0]!))) broken.push(target!);
    }
    assert.deepEqual(broken, []);
  });
});

describe('the README configuration section', () => {
  const section = README.slice(README.indexOf('## Configuration'), README.indexOf('## Exporters'));

  /** Property names declared in `interface <name> { ... }` of a source file. */
  function optionNames(file: string, name: string): string[] {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const start = text.indexOf(`export interface ${name} {`);
    assert.ok(start >= 0, `${name} in ${file}`);
    const body = text.slice(start, text.indexOf('\n}', start));
    return [...body.matchAll(/^\s+readonly (\w+)\?:/gm)].map((m) => m[1]!);
  }

  it('names every init() option and every export option', () => {
    const names = [
      ...optionNames('src/api/options.ts', 'InitOptions'),
      ...optionNames('src/api/options.ts', 'CaptureOptions'),
      ...optionNames('src/export/types.ts', 'ExportOptions'),
      ...optionNames('src/export/types.ts', 'OtlpOptions'),
      ...optionNames('src/export/types.ts', 'FileExportOptions'),
    ];
    assert.ok(names.length > 30);
    assert.deepEqual(
      names.filter((n) => !new RegExp(`\\b${n}\\b`).test(section)),
      []
    );
  });

  it('names every NOVEUM_* and OTEL_* environment variable the source reads', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts')
    );
    const vars = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(join(ROOT, 'src', f), 'utf8').matchAll(/\b((?:NOVEUM|OTEL)_[A-Z_]+)\b/g))
        vars.add(m[1]!);
    }
    assert.ok(vars.has('NOVEUM_API_KEY'));
    assert.deepEqual(
      [...vars].filter((v) => !README.includes(v)),
      []
    );
  });
});
