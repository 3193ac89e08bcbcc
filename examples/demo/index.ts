/**
 * noveum-trace demo: the brief's multi-step workflow and batch example, traced and
 * printed as trees (and written to .noveum/ by the local file exporter).
 *
 * Uses the built package (`noveum-trace` resolves to dist/ by self-reference) and the real
 * `openai` client, auto-instrumented. Without OPENAI_API_KEY it talks to a fake OpenAI server on 127.0.0.1;
 * with it (and optionally OPENAI_BASE_URL) it calls the real API.
 *
 * Run: npm run build && node --import tsx examples/demo/index.ts
 */
import OpenAI from 'openai';
import { autoInstrument, ConsoleExporter, init, shutdown, traceOperation } from 'noveum-trace';
import { startFakeOpenAI } from '../../test/fixtures/servers/openai-server.js';
import { processMultipleQueries } from './batch.js';
import { complexAiWorkflow } from './workflow.js';

const write = (text: string): void => void process.stdout.write(text);

async function openClient(): Promise<{ client: OpenAI; close: () => Promise<void>; where: string }> {
  const apiKey = process.env['OPENAI_API_KEY'];
  if (apiKey !== undefined && apiKey !== '') {
    const baseURL = process.env['OPENAI_BASE_URL'];
    const client = new OpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
    return { client, close: () => Promise.resolve(), where: baseURL ?? 'the OpenAI API' };
  }
  const server = await startFakeOpenAI();
  const client = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL: server.url, maxRetries: 0 });
  return { client, close: () => server.close(), where: `a fake OpenAI server at ${server.url}` };
}

async function main(): Promise<void> {
  init({ project: 'noveum-trace-demo', exporter: [new ConsoleExporter(), 'file'] });
  // One line traces every openai call; inside the traceLLM scopes it enriches them (docs/instrumentation.md).
  autoInstrument('openai');
  const { client, close, where } = await openClient();
  write(`noveum-trace demo, talking to ${where}\n\n`);
  try {
    const answer = await traceOperation('complex_ai_workflow', () =>
      complexAiWorkflow(client, 'How does retrieval-augmented generation use a vector database?')
    );
    write(`\nworkflow answer: ${answer}\n\n`);
    const results = await processMultipleQueries(client, ['What is tracing?', '', 'Why count tokens?']);
    write(`\nbatch results: ${JSON.stringify(results)}\n`);
  } finally {
    await shutdown(5_000);
    await close();
  }
  write('\nsee these traces in your browser: npx noveum-trace view .noveum\n');
}

await main();
