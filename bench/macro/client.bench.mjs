// Workloads 2 and 3: the real `openai` client against the local fake server.
// Sequential calls report the median per-call latency; 32-in-flight calls report wall
// time per call; streams report the median per-stream latency (500 chunks each, read to
// the end). The 100 KB sequential phase runs under monitorEventLoopDelay, including the
// flush of everything it produced (32 in flight at 100 KB stalls the loop even untraced,
// as the client serialises 32 request bodies at once).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CLIENT_FIXTURES, STREAM_FIXTURE } from '../lib/fixtures.mjs';
import { median, percentile, resultSink } from '../lib/stats.mjs';

const IN_FLIGHT = 32;

async function callOnce(client, request) {
  const res = await client.chat.completions.create(request);
  resultSink.consume(res.choices[0].message.content.length);
}

async function streamOnce(client, request) {
  const stream = await client.chat.completions.create(request);
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    resultSink.consume(chunk.choices.length);
  }
  return chunks;
}

async function sequential(client, request, n) {
  const latencies = new Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await callOnce(client, request);
    latencies[i] = (performance.now() - t0) * 1000;
  }
  return { medianUs: median(latencies), p90Us: percentile(latencies, 90), calls: n };
}

async function inFlight(client, request, n) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await callOnce(client, request);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, n) }, worker));
  return { perCallUs: ((performance.now() - t0) * 1000) / n, calls: n };
}

async function streaming(client, n) {
  const latencies = new Array(n);
  let chunks = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    chunks = await streamOnce(client, STREAM_FIXTURE.request);
    latencies[i] = (performance.now() - t0) * 1000;
  }
  return { medianUs: median(latencies), chunksPerStream: chunks, streams: n };
}

/** The step under way, so a worker whose event loop empties mid-run can say where it stopped. */
export const progress = { step: 'setup' };

const FLUSH_LIMIT_MS = 30_000;

/**
 * Flushes the SDK, but gives up after FLUSH_LIMIT_MS: a peer whose flush promise never settles
 * (LangSmith's after the 32-in-flight 100 KB phase) is noted in the result instead of ending the run.
 */
async function flushWithin(sdk, out) {
  let timer;
  const limit = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), FLUSH_LIMIT_MS)));
  const outcome = await Promise.race([sdk.flush().then(() => 'ok'), limit]);
  clearTimeout(timer);
  if (outcome === 'timeout') (out.flushTimeouts ??= []).push(progress.step);
}

/** Runs every client workload once for one SDK. */
export async function runClientSuite(sdk, OpenAI, { baseURL, calls, streams }) {
  const client = sdk.wrap(new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0, timeout: 30_000 }));
  const warm = Math.max(5, Math.min(100, calls >> 3));
  for (const f of CLIENT_FIXTURES) for (let i = 0; i < warm; i++) await callOnce(client, f.request);
  for (let i = 0; i < Math.max(2, warm >> 3); i++) await streamOnce(client, STREAM_FIXTURE.request);
  const out = {};
  progress.step = 'warm-up, then flush';
  await flushWithin(sdk, out);

  progress.step = 'sequential 1 KB';
  out.seq_1k = await sequential(client, CLIENT_FIXTURES[0].request, calls);
  await flushWithin(sdk, out);
  // The 100 KB sequential phase runs under the event-loop monitor, flush included.
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  progress.step = 'sequential 100 KB';
  out.seq_100k = await sequential(client, CLIENT_FIXTURES[1].request, calls);
  await flushWithin(sdk, out);
  histogram.disable();
  out.eventLoop = { maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 };
  for (const f of CLIENT_FIXTURES) {
    progress.step = `32 in flight ${f.label}`;
    out[`inflight_${f.key}`] = await inFlight(client, f.request, calls);
    progress.step += ', then flush';
    await flushWithin(sdk, out);
  }

  progress.step = 'streaming';
  out.stream = await streaming(client, streams);
  await flushWithin(sdk, out);
  out.heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  return out;
}
