import type * as Http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type * as Https from 'node:https';
import { runSuppressed } from '../../context/active-span.js';
import { withOtelSuppressed } from '../../context/otel-bridge.js';
import { lazyBuiltin } from '../../internal/builtin.js';

const http = lazyBuiltin<typeof Http>('node:http');
const https = lazyBuiltin<typeof Https>('node:https');

/** One HTTP response, with at most `MAX_RESPONSE_BYTES` of its body kept. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Thrown (as a rejection) when a request takes longer than its timeout. */
export class RequestTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`request timed out after ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendRequestOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Written chunk by chunk: a large body is never copied into one Buffer. */
  readonly body: readonly Buffer[];
  readonly timeoutMs: number;
  /** Aborts the request (the process is ending and the batch was spooled or counted instead). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * POSTs `body` and resolves with the response; rejects on connection errors and timeouts.
 * Runs under a suppression context so HTTP instrumentations never trace our own export.
 */
export function sendRequest(options: SendRequestOptions): Promise<HttpResponse> {
  return runSuppressed(() => withOtelSuppressed(() => startRequest(options)));
}

function startRequest({ url, headers, body, timeoutMs, signal }: SendRequestOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const requestFn = url.protocol === 'https:' ? https().request : http().request;
    let length = 0;
    for (const chunk of body) length += chunk.length;
    const req = requestFn(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(length) },
      ...(signal === undefined ? {} : { signal }),
    });
    // A hung backend must not hold the process open: exit flushes keep it up, bounded, on their own.
    req.on('socket', (socket) => socket.unref());
    // Our own timer rather than socket idle timeouts: a server that trickles bytes still times out.
    const timer = setTimeout(() => req.destroy(new RequestTimeoutError(timeoutMs)), timeoutMs);
    timer.unref();
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    // Corked, the chunks leave in one vectored write instead of one syscall each.
    req.cork();
    for (const chunk of body) req.write(chunk);
    req.end();
  });
}
