/**
 * A streamed response whose client goes away: the server span ends then (it would otherwise
 * stay open forever), with the real Express and Fastify over HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { PassThrough } from 'node:stream';
import { traceRequests as expressTracing } from '../../../src/middleware/express/index.js';
import { traceRequests as fastifyTracing } from '../../../src/middleware/fastify/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

/** Reads the first chunk of a never-ending response, then drops the connection. */
function readFirstChunkThenLeave(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.once('data', (chunk: Buffer) => {
        req.destroy();
        resolve(chunk.toString());
      });
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end();
  });
}

async function waitForSpan(t: TestTracing, name: string): Promise<void> {
  for (let i = 0; i < 200 && !t.spans().some((s) => s.name === name); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('a client that disconnects mid-stream', () => {
  it('ends the Express server span', async () => {
    const t = setupTracing();
    const app = express();
    app.use(expressTracing());
    app.get('/events/:topic', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const server: Server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((r) => server.once('listening', r));
      assert.equal(
        await readFirstChunkThenLeave((server.address() as AddressInfo).port, '/events/news'),
        'data: first\n\n'
      );
      await waitForSpan(t, 'GET /events/:topic');
      assert.equal(t.span('GET /events/:topic').attributes['http.route'], '/events/:topic');
    } finally {
      server.close();
      await t.close();
    }
  });

  it('ends the Fastify server span', async () => {
    const t = setupTracing();
    const app = Fastify();
    await app.register(fastifyTracing);
    app.get('/events/:topic', (_request, reply) => {
      const out = new PassThrough();
      out.write('data: first\n\n');
      return reply.type('text/event-stream').send(out);
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      await readFirstChunkThenLeave((app.server.address() as AddressInfo).port, '/events/news');
      await waitForSpan(t, 'GET /events/:topic');
      assert.equal(t.span('GET /events/:topic').kind, 'server');
    } finally {
      await app.close();
      await t.close();
    }
  });
});
