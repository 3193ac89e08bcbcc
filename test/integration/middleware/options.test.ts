/**
 * Middleware options as a user gets them wrong: bad entries warn once and are ignored, and a
 * picker that throws never fails the request (real Express over HTTP on 127.0.0.1).
 */
import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import { traceRequests } from '../../../src/middleware/express/index.js';
import { setupTracing } from '../../helpers/tracing.js';

describe('middleware options', () => {
  it('warn once per bad option, ignore it, and survive a throwing id picker', async () => {
    const t = setupTracing();
    const app = express();
    const options = {
      ignorePaths: [42, '/health'],
      getUserId: () => {
        throw new Error('picker bug');
      },
      getSessionId: 'sid',
      ignorepaths: ['/x'],
    };
    app.use(traceRequests(options as never));
    app.get('/health', (_req, res) => void res.end('ok'));
    app.get('/items/:id', (_req, res) => void res.json({ ok: true }));
    const server: Server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      assert.equal(await fetch(`${base}/health`).then((r) => r.text()), 'ok');
      assert.deepEqual(await fetch(`${base}/items/1?x=y`).then((r) => r.json()), { ok: true });
      for (let i = 0; i < 100 && t.spans().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const span = t.span('GET /items/:id');
      assert.equal(span.attributes['user.id'], undefined);
      assert.equal(span.attributes['url.path'], '/items/1');
      assert.equal(t.spans().length, 1, '/health is ignored');
      for (const needle of [
        '"ignorePaths" entries',
        '"getSessionId" must be a function',
        'unknown option "ignorepaths"',
      ]) {
        assert.equal(t.diagLines.filter((l) => l.includes(needle)).length, 1, needle);
      }
    } finally {
      server.close();
      await t.close();
    }
  });
});
