import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { Socket } from 'node:net';
import { urlToHttpOptions } from 'node:url';
import { runSuppressed } from '../../context/active-span.js';
import { withOtelSuppressed } from '../../context/otel-bridge.js';
import { lazyBuiltin } from '../../internal/builtin.js';
import {
  abortError,
  MAX_RESPONSE_BYTES,
  RequestTimeoutError,
  type HttpResponse,
  type RequestCancel,
} from './request-control.js';

const http = lazyBuiltin<typeof Http>('node:http');
const https = lazyBuiltin<typeof Https>('node:https');

export { RequestCancel, RequestTimeoutError, type HttpResponse } from './request-control.js';

/**
 * Where and how an exporter POSTs, worked out once: where to connect and the headers as a flat
 * name/value list. Node writes a list straight into the request head, where an object costs a
 * `setHeader` (validation, a lower-cased copy of the name) per header per request.
 */
export interface RequestTarget {
  readonly url: URL;
  readonly protocol: string;
  /** Without the brackets of an IPv6 literal, as Node wants it. */
  readonly hostname: string;
  /** Undefined for the protocol's default port. */
  readonly port: number | undefined;
  /** Path and query. */
  readonly path: string;
  /** Name, value, name, value...: `Host`, every header but `Content-Length`, and `Authorization` from the URL's user info. */
  readonly headers: readonly string[];
}

/**
 * `headers` merged the way `setHeader` would (names case-insensitive, the later one wins), plus
 * what Node adds itself for an object (not for a list): the `Host` header unless one is given,
 * and Basic `Authorization` from the URL's user info unless one is given.
 */
export function requestTarget(url: URL, ...headerSets: readonly Readonly<Record<string, string>>[]): RequestTarget {
  const merged = new Map<string, [string, string]>();
  merged.set('host', ['Host', url.host]);
  for (const set of headerSets) {
    for (const name of Object.keys(set)) {
      const key = name.toLowerCase();
      if (key === 'content-length') continue;
      // A given Host replaces ours, in place: the head keeps the order Node would write.
      merged.set(key, [name, set[name]!]);
    }
  }
  const { protocol, hostname, port, path, auth } = urlToHttpOptions(url);
  if (typeof auth === 'string' && !merged.has('authorization'))
    merged.set('authorization', ['Authorization', `Basic ${Buffer.from(auth).toString('base64')}`]);
  const headers: string[] = [];
  for (const [name, value] of merged.values()) headers.push(name, value);
  return {
    url,
    protocol: protocol!,
    hostname: hostname!,
    port: port === undefined ? undefined : Number(port),
    path: path!,
    headers,
  };
}

export interface SendRequestOptions {
  readonly target: RequestTarget;
  /** Written chunk by chunk: a large body is never copied into one Buffer. */
  readonly body: readonly Buffer[];
  /** Headers of this request only (`Content-Encoding`), as name, value pairs. */
  readonly extraHeaders?: readonly string[] | undefined;
  readonly timeoutMs: number;
  /** Gives the request up (the process is ending and the batch was spooled or counted instead). */
  readonly cancel?: RequestCancel | undefined;
}

/**
 * POSTs `body` and resolves with the response; rejects on connection errors and timeouts.
 * Runs under a suppression context so HTTP instrumentations never trace our own export.
 */
export function sendRequest(options: SendRequestOptions): Promise<HttpResponse> {
  return runSuppressed(() => withOtelSuppressed(() => viaNode(options)));
}

function unrefSocket(socket: Socket): void {
  socket.unref();
}

/** Through Node's `http`/`https` client, so an app's own agent (a proxy, say) is used too. */
function viaNode({ target, body, extraHeaders, timeoutMs, cancel }: SendRequestOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel?.cancelled === true) return reject(abortError());
    let length = 0;
    for (const chunk of body) length += chunk.length;
    const headers = extraHeaders === undefined ? target.headers.slice() : target.headers.concat(extraHeaders);
    headers.push('Content-Length', String(length));
    const requestFn = target.protocol === 'https:' ? https().request : http().request;
    // A fresh literal of few keys: Node copies the options three times per request (the last
    // two into dictionaries), and a null-prototype object (`urlToHttpOptions`) spread here
    // takes V8's slow path; `href` also sent Node's URL check into a longer test.
    const { protocol, hostname, port, path } = target;
    const req = requestFn({ protocol, hostname, port, path, method: 'POST', headers });
    cancel?._attach(req);
    // A hung backend must not hold the process open: exit flushes keep it up, bounded, on their own.
    req.on('socket', unrefSocket);
    // Our own timer rather than socket idle timeouts: a server that trickles bytes still times out.
    const timer = setTimeout(() => req.destroy(new RequestTimeoutError(timeoutMs)), timeoutMs);
    timer.unref();
    const fail = (error: Error): void => {
      clearTimeout(timer);
      cancel?._attach(undefined);
      reject(error);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        cancel?._attach(undefined);
        // Mostly one small chunk (`{}`): decoded as it is, not copied into a new Buffer first.
        const whole = chunks.length > 1 ? Buffer.concat(chunks) : chunks[0];
        const text = whole === undefined ? '' : whole.toString('utf8').slice(0, MAX_RESPONSE_BYTES);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    // Node holds these until the socket is attached (next tick), then writes the head and the
    // chunks corked: one vectored write. Corking keeps that so should a socket be attached already.
    req.cork();
    for (const chunk of body) req.write(chunk);
    req.end();
  });
}
