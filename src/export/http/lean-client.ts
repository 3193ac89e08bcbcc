import type { IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import {
  abortError,
  MAX_RESPONSE_BYTES,
  RequestTimeoutError,
  type HttpResponse,
  type RequestCancel,
} from './request-control.js';

/** Node's own limit on a response head (`--max-http-header-size`). */
const MAX_HEAD_BYTES = 16 * 1024;
/** A kept-alive socket idle longer than this is not reused: Node's servers close theirs after 5 s. */
const IDLE_MS = 4_000;

/** Headers Node keeps the first of when a response repeats them (`IncomingMessage` rules). */
const SINGLE = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host',
  'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards',
  'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]); // prettier-ignore

function protocolError(message: string): Error {
  return Object.assign(new Error(`invalid HTTP response: ${message}`), { code: 'HPE_INVALID_RESPONSE' });
}

function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

type Phase = 'head' | 'length' | 'close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers';

/** One request and its response, read as the bytes arrive. */
class Exchange {
  phase: Phase = 'head';
  status = 0;
  headers: IncomingHttpHeaders = {};
  keepAlive = true;
  /** Body bytes still expected in the current `length` or `chunk-data` phase. */
  remaining = 0;
  readonly kept: Buffer[] = [];
  keptBytes = 0;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly resolve: (response: HttpResponse) => void,
    readonly reject: (error: Error) => void,
    readonly cancel: RequestCancel | undefined
  ) {}

  keep(bytes: Buffer): void {
    if (this.keptBytes < MAX_RESPONSE_BYTES) this.kept.push(bytes);
    this.keptBytes += bytes.length;
  }

  response(): HttpResponse {
    const k = this.kept;
    const text = k.length === 0 ? '' : (k.length === 1 ? k[0]! : Buffer.concat(k)).toString('utf8');
    return { status: this.status, headers: this.headers, body: text.slice(0, MAX_RESPONSE_BYTES) };
  }

  /** Reads the status line and headers, and how the body is framed. */
  readHead(head: string): void {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]!);
    if (m === null) throw protocolError('bad status line');
    const headers: IncomingHttpHeaders = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw protocolError('bad header line');
      addHeader(headers, line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    this.status = Number(m[2]);
    this.headers = headers;
    const connection = String(headers.connection ?? '').toLowerCase();
    this.keepAlive = m[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const te = headers['transfer-encoding'];
    const length = headers['content-length'];
    if (this.status < 200 || this.status === 204 || this.status === 304) this.phase = 'head';
    else if (te !== undefined && /\bchunked\s*$/i.test(te)) this.phase = 'chunk-size';
    else if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw protocolError('bad Content-Length');
      this.remaining = Number(length);
      this.phase = 'length';
    } else {
      // Delimited by the end of the connection, which cannot be reused.
      this.phase = 'close';
      this.keepAlive = false;
    }
  }
}

function addHeader(headers: IncomingHttpHeaders, name: string, value: string): void {
  const prev = headers[name];
  if (prev === undefined) headers[name] = name === 'set-cookie' ? [value] : value;
  else if (Array.isArray(prev)) prev.push(value);
  else if (!SINGLE.has(name)) headers[name] = `${prev}, ${value}`;
}

/** A socket to the endpoint and the response being read on it. */
class Connection {
  exchange: Exchange | undefined;
  idleSince = 0;
  private _pending: Buffer | undefined;

  constructor(
    readonly socket: Socket,
    private readonly _release: (c: Connection) => void,
    private readonly _forget: (c: Connection) => void
  ) {
    socket.on('data', (chunk: Buffer) => this._onData(chunk));
    socket.on('error', (error: Error) => this._fail(error));
    socket.on('close', () => this._onClose());
  }

  private _onData(chunk: Buffer): void {
    const ex = this.exchange;
    // Bytes nobody asked for: the connection is out of step, never reused.
    if (ex === undefined) return void this.socket.destroy();
    this._pending = this._pending === undefined ? chunk : Buffer.concat([this._pending, chunk]);
    try {
      this._parse(ex);
    } catch (error) {
      this.socket.destroy(error as Error);
    }
  }

  private _consume(n: number): void {
    const p = this._pending!;
    this._pending = n >= p.length ? undefined : p.subarray(n);
  }

  /** Advances `ex` through the bytes received so far. */
  private _parse(ex: Exchange): void {
    for (let buf = this._pending; buf !== undefined; buf = this._pending) {
      if (ex.phase === 'head') {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEAD_BYTES) throw protocolError('head too large');
          return;
        }
        ex.readHead(buf.toString('latin1', 0, end));
        this._consume(end + 4);
        if (ex.status === 101) throw protocolError('unexpected 101');
        // 1xx: an interim answer; the real one follows. 204, 304, Content-Length 0: no body.
        if (ex.status >= 200 && (ex.phase === 'head' || (ex.phase === 'length' && ex.remaining === 0)))
          return this._finish(ex);
      } else if (ex.phase === 'length' || ex.phase === 'chunk-data') {
        const n = Math.min(ex.remaining, buf.length);
        ex.keep(buf.subarray(0, n));
        ex.remaining -= n;
        this._consume(n);
        if (ex.remaining > 0) return;
        if (ex.phase === 'length') return this._finish(ex);
        ex.phase = 'chunk-end';
      } else if (ex.phase === 'close') {
        ex.keep(buf);
        this._pending = undefined;
      } else {
        const eol = buf.indexOf('\r\n');
        if (eol < 0) {
          if (buf.length > MAX_HEAD_BYTES) throw protocolError('chunk line too long');
          return;
        }
        this._chunkLine(ex, buf.toString('latin1', 0, eol));
        this._consume(eol + 2);
        if ((ex.phase as Phase) === 'head') return this._finish(ex);
      }
    }
  }

  /** A line of a chunked body: a chunk's size, the end of its data, or a trailer. */
  private _chunkLine(ex: Exchange, line: string): void {
    if (ex.phase === 'chunk-end') {
      if (line !== '') throw protocolError('bad chunk end');
      ex.phase = 'chunk-size';
    } else if (ex.phase === 'chunk-size') {
      const size = line.split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(size)) throw protocolError('bad chunk size');
      ex.remaining = parseInt(size, 16);
      ex.phase = ex.remaining === 0 ? 'trailers' : 'chunk-data';
    } else if (line === '') ex.phase = 'head'; // the empty line after the trailers: done
  }

  private _finish(ex: Exchange): void {
    clearTimeout(ex.timer);
    ex.cancel?._attach(undefined);
    this.exchange = undefined;
    // Extra bytes after a complete response: out of step, not reused; nor while an early answer
    // (a 413 before the body was read, say) leaves part of the body still to be written.
    const s = this.socket;
    if (ex.keepAlive && this._pending === undefined && !s.destroyed && s.writableLength === 0) this._release(this);
    else this.socket.destroy();
    this._pending = undefined;
    ex.resolve(ex.response());
  }

  private _fail(error: Error): void {
    const ex = this.exchange;
    this.exchange = undefined;
    this._pending = undefined;
    this._forget(this);
    if (ex === undefined) return;
    clearTimeout(ex.timer);
    ex.cancel?._attach(undefined);
    ex.reject(error);
  }

  private _onClose(): void {
    const ex = this.exchange;
    if (ex !== undefined && ex.phase === 'close') return this._finish(ex);
    this._fail(hangUp());
  }
}

/**
 * A minimal HTTP/1.1 client for one plain-http origin: POSTs on kept-alive sockets, and reads
 * responses framed by Content-Length, chunked encoding or the end of the connection. Node's
 * `http` client spends about three times its CPU per request on a loopback collector (stream
 * and event machinery, a parser and an IncomingMessage per response), and an exporter needs
 * none of it: it sends a ready body and reads a status, a few headers and a short body.
 */
export class LeanHttpClient {
  private readonly _idle: Connection[] = [];
  private readonly _release = (c: Connection): void => {
    c.idleSince = Date.now();
    this._idle.push(c);
  };
  private readonly _forget = (c: Connection): void => {
    const i = this._idle.indexOf(c);
    if (i >= 0) this._idle.splice(i, 1);
  };

  constructor(
    private readonly _host: string,
    private readonly _port: number
  ) {}

  /** Sends `head` (the request line and headers, ending with the empty line) and `body`. */
  post(head: string, body: readonly Buffer[], timeoutMs: number, cancel?: RequestCancel): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      if (cancel?.cancelled === true) return reject(abortError());
      const c = this._connection();
      const ex = new Exchange(resolve, reject, cancel);
      c.exchange = ex;
      const socket = c.socket;
      cancel?._attach(socket);
      ex.timer = setTimeout(() => socket.destroy(new RequestTimeoutError(timeoutMs)), timeoutMs);
      ex.timer.unref();
      // Corked, the head and the chunks leave in one vectored write.
      socket.cork();
      socket.write(head, 'latin1');
      for (const chunk of body) socket.write(chunk);
      socket.uncork();
    });
  }

  /** Closes the idle connections (the exporter shuts down). */
  close(): void {
    for (const c of this._idle.splice(0)) c.socket.destroy();
  }

  private _connection(): Connection {
    const now = Date.now();
    for (let c = this._idle.pop(); c !== undefined; c = this._idle.pop()) {
      if (!c.socket.destroyed && now - c.idleSince < IDLE_MS) return c;
      c.socket.destroy();
    }
    const socket = connect({
      host: this._host,
      port: this._port,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 1000,
    });
    // A hung backend must not hold the process open: exit flushes keep it up, bounded, on their own.
    socket.unref();
    return new Connection(socket, this._release, this._forget);
  }
}
