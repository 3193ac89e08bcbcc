import http, { validateHeaderName, validateHeaderValue, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { runSuppressed } from '../../context/active-span.js';
import { withOtelSuppressed } from '../../context/otel-bridge.js';
import { LeanHttpClient } from './lean-client.js';
import {
  abortError,
  MAX_RESPONSE_BYTES,
  RequestTimeoutError,
  type HttpResponse,
  type RequestCancel,
} from './request-control.js';

export { RequestCancel, RequestTimeoutError, type HttpResponse } from './request-control.js';

/**
 * Where and how an exporter POSTs, worked out once: the request options and the headers as
 * a flat name/value list. Node writes a list straight into the request head, where an object
 * costs a `setHeader` (validation, a lower-cased copy of the name) per header per request.
 */
export interface RequestTarget {
  readonly url: URL;
  readonly options: RequestOptions;
  /** Name, value, name, value...: `Host` and every header but `Content-Length`. */
  readonly headers: readonly string[];
  /** For a plain-http endpoint with valid headers: the client and the head's fixed part. */
  readonly lean: { readonly client: LeanHttpClient; readonly head: string } | undefined;
}

/**
 * `headers` merged the way `setHeader` would (names case-insensitive, the later one wins), plus
 * the `Host` header Node adds itself for an object (not for a list) unless one is given.
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
  const headers: string[] = [];
  for (const [name, value] of merged.values()) headers.push(name, value);
  const options: RequestOptions = { ...urlToHttpOptions(url), method: 'POST' };
  return { url, options, headers, lean: leanTarget(url, options, headers) };
}

function leanTarget(url: URL, options: RequestOptions, headers: readonly string[]): RequestTarget['lean'] {
  if (url.protocol !== 'http:') return undefined;
  let head = `POST ${options.path ?? '/'} HTTP/1.1\r\n`;
  try {
    for (let i = 0; i < headers.length; i += 2) {
      validateHeaderName(headers[i]!);
      validateHeaderValue(headers[i]!, headers[i + 1]!);
      head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    }
  } catch {
    // Node's client rejects every attempt with the reason, as it did before this client existed.
    return undefined;
  }
  const client = new LeanHttpClient(String(options.hostname), Number(options.port ?? 80));
  return { client, head: `${head}Connection: keep-alive\r\n` };
}

/**
 * Node's own agent: the lean client would bypass one that an app (or a library such as
 * `global-agent`) installed in its place, say to go through a proxy.
 */
function usesNodeAgent(): boolean {
  // Read through the module object: a named import of a builtin is a snapshot in ESM.
  return Object.getPrototypeOf(http.globalAgent) === http.Agent.prototype;
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
  return runSuppressed(() => withOtelSuppressed(() => startRequest(options)));
}

function startRequest(options: SendRequestOptions): Promise<HttpResponse> {
  const { target, body, extraHeaders, timeoutMs, cancel } = options;
  const lean = target.lean;
  if (lean === undefined || !usesNodeAgent()) return viaNode(options);
  let head = lean.head;
  if (extraHeaders !== undefined)
    for (let i = 0; i < extraHeaders.length; i += 2) head += `${extraHeaders[i]}: ${extraHeaders[i + 1]}\r\n`;
  let length = 0;
  for (const chunk of body) length += chunk.length;
  return lean.client.post(`${head}Content-Length: ${length}\r\n\r\n`, body, timeoutMs, cancel);
}

/** Through Node's `http`/`https` client: https endpoints, and apps with an agent of their own. */
function viaNode({ target, body, extraHeaders, timeoutMs, cancel }: SendRequestOptions): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (cancel?.cancelled === true) return reject(abortError());
    let length = 0;
    for (const chunk of body) length += chunk.length;
    const headers = extraHeaders === undefined ? target.headers.slice() : target.headers.concat(extraHeaders);
    headers.push('Content-Length', String(length));
    const requestFn = target.url.protocol === 'https:' ? httpsRequest : http.request;
    const req = requestFn({ ...target.options, headers });
    cancel?._attach(req);
    // A hung backend must not hold the process open: exit flushes keep it up, bounded, on their own.
    req.on('socket', (socket) => socket.unref());
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
        const text = chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    // Corked, the head and the chunks leave in one vectored write instead of one syscall each.
    req.cork();
    for (const chunk of body) req.write(chunk);
    req.end();
  });
}
