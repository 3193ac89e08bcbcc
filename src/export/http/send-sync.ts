import type * as WorkerThreads from 'node:worker_threads';
import { lazyBuiltin } from '../../internal/builtin.js';
import type { BodyChunks } from '../chunk-writer.js';

const workerThreads = lazyBuiltin<typeof WorkerThreads>('node:worker_threads');

/** What one body got: an HTTP status, or why there is none. */
export type SyncSendOutcome = { readonly status: number } | { readonly status: undefined; readonly reason: string };

// Runs in the worker (CommonJS, evaluated from this string so it needs no file of its own).
// Slot 0 of `state` counts answered bodies; slot i+1 holds body i's status (-1: connection error).
const SENDER = `
const { workerData } = require('node:worker_threads');
const { url, headers, bodies, timeoutMs } = workerData;
const request = (url.startsWith('https:') ? require('node:https') : require('node:http')).request;
const state = new Int32Array(workerData.state);
function settle(i, status) {
  Atomics.store(state, i + 1, status);
  Atomics.add(state, 0, 1);
  Atomics.notify(state, 0);
  if (i + 1 < bodies.length) post(i + 1);
}
function post(i) {
  let done = false;
  const once = (status) => { if (!done) { done = true; settle(i, status); } };
  const body = bodies[i];
  const req = request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } });
  req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
  req.on('error', () => once(-1));
  req.on('response', (res) => { res.resume(); res.on('end', () => once(res.statusCode || -1)); res.on('error', () => once(-1)); });
  req.end(body);
}
post(0);
`;

/**
 * POSTs each body in order from a worker thread while this thread waits, for at most
 * `timeoutMs` in all. For a process that is ending, where only synchronous work still runs
 * (`process.exit()`, a crash): the event loop will not turn again, so the request cannot be
 * made on it. Bodies not answered in time come back without a status. Never throws.
 */
export function sendBodiesSync(
  url: URL,
  headers: Readonly<Record<string, string>>,
  bodies: readonly BodyChunks[],
  timeoutMs: number
): SyncSendOutcome[] {
  const state = new Int32Array(new SharedArrayBuffer(4 * (bodies.length + 1)));
  let worker: WorkerThreads.Worker | undefined;
  try {
    worker = new (workerThreads().Worker)(SENDER, {
      eval: true,
      // The app's loaders and flags (--import, --require) have no business in this thread.
      execArgv: [],
      stdout: true,
      stderr: true,
      workerData: {
        url: url.href,
        headers,
        bodies: bodies.map((b) => Buffer.concat(b)),
        timeoutMs,
        state: state.buffer,
      },
    });
    worker.unref();
    const deadline = Date.now() + timeoutMs;
    for (let done = 0; done < bodies.length; done = Atomics.load(state, 0)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(state, 0, done, left);
    }
  } catch (error) {
    return bodies.map(() => ({ status: undefined, reason: `no synchronous send (${String(error)})` }));
  } finally {
    void worker?.terminate().catch(() => {});
  }
  return bodies.map((_, i): SyncSendOutcome => {
    const status = Atomics.load(state, i + 1);
    if (status > 0) return { status };
    return { status: undefined, reason: status < 0 ? 'connection failed' : `no answer within ${timeoutMs} ms` };
  });
}
