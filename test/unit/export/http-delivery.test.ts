/**
 * How the HTTP exporters read an endpoint's answers, byte for byte, over http: and https: alike
 * (the default endpoint is https): the shapes of HTTP/1.1 responses a collector or proxy may
 * send, kept-alive connections, credentials in the endpoint URL, and an app's own HTTP agent
 * (a proxy) being used when it installed one.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { after, afterEach, before, describe, it } from 'node:test';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { OtlpExporter } from '../../../src/export/otlp/otlp-exporter.js';
import { startRawServer, trickle, type Answer, type RawServer } from '../../fixtures/servers/raw-http-server.js';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../../fixtures/servers/test-certificate.js';
import { makeTrace, RESOURCE } from './trace-factory.js';

const answerClose: Answer = (s) =>
  void s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}');

/** A protocol's module, and how an app trusts the test certificate: its own global agent. */
interface Protocol {
  readonly name: 'http' | 'https';
  readonly mod: { globalAgent: http.Agent; Agent: typeof http.Agent };
  readonly agentOptions: https.AgentOptions;
}

const PROTOCOLS: readonly Protocol[] = [
  { name: 'http', mod: http, agentOptions: {} },
  { name: 'https', mod: https as unknown as Protocol['mod'], agentOptions: { ca: TEST_TLS_CERT } },
];

for (const protocol of PROTOCOLS) deliveryTests(protocol);

function deliveryTests({ name: scheme, mod, agentOptions }: Protocol): void {
  describe(`HTTP delivery to an ${scheme}: endpoint`, () => {
    let server: RawServer;
    let original: http.Agent;
    before(async () => {
      server = await startRawServer(scheme === 'https' ? { key: TEST_TLS_KEY, cert: TEST_TLS_CERT } : undefined);
      // Node's own global agent, trusting the test certificate: what an app with a private CA installs.
      original = mod.globalAgent;
      mod.globalAgent = new mod.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000, ...agentOptions });
    });
    after(async () => {
      mod.globalAgent.destroy();
      mod.globalAgent = original;
      await server.close();
    });
    afterEach(() => {
      server.requests.length = 0;
    });

    function exporter(): NoveumExporter {
      return new NoveumExporter({
        apiKey: 'raw-key',
        endpoint: `${server.url}/api`,
        resource: RESOURCE,
        retryBaseDelayMs: 5,
        maxRetries: 1,
        timeoutMs: 2_000,
      });
    }

    async function delivers(e: NoveumExporter, name: string): Promise<void> {
      const result = await e.export([makeTrace(name)]);
      assert.deepEqual(result, { code: 'success' });
      const last = server.requests.at(-1)!;
      const body = JSON.parse(last.body.toString('utf8')) as { traces: { name: string }[] };
      assert.equal(body.traces[0]!.name, name);
    }

    it('sends a complete request head and reuses one connection for consecutive batches', async () => {
      const e = exporter();
      const from = server.connections();
      for (const name of ['one', 'two', 'three']) await delivers(e, name);
      assert.equal(server.connections() - from, 1);
      const r = server.requests[0]!;
      assert.equal(r.requestLine, 'POST /api/v1/traces HTTP/1.1');
      assert.equal(r.headers['host'], new URL(server.url).host);
      assert.equal(r.headers['authorization'], 'Bearer raw-key');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.match(r.headers['user-agent']!, /^noveum-trace/);
      assert.equal(Number(r.headers['content-length']), r.body.length);
    });

    it('reads a chunked answer with trailers, split into many writes', async () => {
      const e = exporter();
      server.answer(
        trickle(
          'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"war\r\nA\r\nnings":[]}\r\n0\r\nX-Trailer: 1\r\n\r\n'
        )
      );
      await delivers(e, 'chunked');
      // The connection stays usable after a chunked answer.
      const from = server.connections();
      await delivers(e, 'after-chunked');
      assert.equal(server.connections(), from);
    });

    it('retries after a chunked 429 with Retry-After, then delivers', async () => {
      const e = exporter();
      server.answer(
        (s) => void s.write('HTTP/1.1 429 Too Many\r\nRetry-After: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
      );
      await delivers(e, 'after-429');
      assert.equal(server.requests.length, 2);
    });

    it('opens a new connection after an answer with Connection: close', async () => {
      const e = exporter();
      server.answer(answerClose);
      await delivers(e, 'closing');
      const from = server.connections();
      await delivers(e, 'next');
      assert.equal(server.connections() - from, 1);
      // No attempt was lost on the connection the server closed.
      assert.equal(server.requests.length, 2);
    });

    it('reads an answer whose body ends with the connection, and sends the next on a new one', async () => {
      const e = exporter();
      server.answer((s) => void s.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"ok":true}'));
      await delivers(e, 'until-close');
      await delivers(e, 'next');
      assert.equal(server.requests.length, 2);
    });

    it('skips an interim 100 Continue and reads 204 No Content on a kept connection', async () => {
      const e = exporter();
      await delivers(e, 'before');
      server.answer((s) => void s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'));
      const from = server.connections();
      await delivers(e, 'interim');
      await delivers(e, 'after-204');
      assert.equal(server.connections(), from);
    });

    it('treats a malformed answer as a failed attempt and delivers on retry', async () => {
      const e = exporter();
      server.answer((s) => void s.write('NOT HTTP AT ALL\r\n\r\n'));
      await delivers(e, 'after-garbage');
      assert.equal(server.requests.length, 2);
    });

    it('sends on a new connection, at the first attempt, when the server closed the idle one', async () => {
      const e = exporter();
      await delivers(e, 'first');
      // The server hangs up the idle kept-alive socket (its keep-alive timeout).
      server.dropConnections();
      await new Promise((r) => setTimeout(r, 50));
      const from = server.connections();
      await delivers(e, 'second');
      assert.equal(server.connections() - from, 1);
      assert.equal(server.requests.length, 2);
    });

    it('sends Basic credentials from the endpoint URL, as Node does for an object of headers', async () => {
      const url = new URL(server.url);
      url.username = 'collector';
      url.password = 'p@ss:word';
      const e = new OtlpExporter({ endpoint: url.href, resource: RESOURCE, env: {}, maxRetries: 0, timeoutMs: 2_000 });
      assert.deepEqual(await e.export([makeTrace('basic')]), { code: 'success' });
      const r = server.requests.at(-1)!;
      assert.equal(r.headers['authorization'], `Basic ${Buffer.from('collector:p@ss:word').toString('base64')}`);
      assert.equal(r.headers['host'], url.host);
      assert.equal(r.requestLine, 'POST /v1/traces HTTP/1.1');
    });

    it('keeps a given Authorization header over credentials in the endpoint URL', async () => {
      const url = new URL(server.url);
      url.username = 'user';
      url.password = 'secret';
      const e = new NoveumExporter({
        apiKey: 'raw-key',
        endpoint: `${url.href}api`,
        resource: RESOURCE,
        maxRetries: 0,
      });
      assert.deepEqual(await e.export([makeTrace('bearer')]), { code: 'success' });
      assert.equal(server.requests.at(-1)!.headers['authorization'], 'Bearer raw-key');
    });

    it(`goes through an app's own global ${scheme.toUpperCase()} agent (a proxy agent, say)`, async () => {
      const previous = mod.globalAgent;
      let through = 0;
      // A subclass, as proxy agents are; counts the requests it is given.
      class AppAgent extends mod.Agent {}
      const agent = new AppAgent({ keepAlive: true, ...agentOptions }) as unknown as {
        addRequest: (...a: unknown[]) => void;
      };
      const addRequest = agent.addRequest;
      agent.addRequest = function (this: unknown, ...args: unknown[]) {
        through++;
        addRequest.apply(this, args);
      };
      mod.globalAgent = agent as unknown as http.Agent;
      try {
        await delivers(exporter(), 'via-app-agent');
        assert.equal(through, 1);
      } finally {
        mod.globalAgent.destroy();
        mod.globalAgent = previous;
      }
    });
  });
}
