/**
 * `traceErrors()`: the error an Express route throws, rejects with or passes to `next` is
 * recorded on the request's server span, and the app's own error handler still gets the same
 * object. Real Express 5 and 4 over HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import type { AddressInfo, Server } from 'node:net';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { traceErrors, traceRequests } from '../../../src/middleware/express/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const require = createRequire(import.meta.url);

async function waitForSpan(t: TestTracing, name: string): Promise<void> {
  for (let i = 0; i < 200 && !t.spans().some((s) => s.name === name); i++) await new Promise((r) => setTimeout(r, 10));
}

for (const pkg of ['express', 'express4']) {
  describe(`traceErrors() with ${pkg}`, () => {
    it('records the thrown error on the server span and hands the same object on', async () => {
      const t = setupTracing();
      const express = require(pkg);
      const app = express();
      const seen: unknown[] = [];
      const boom = new Error('boom: the model refused');
      app.use(traceRequests());
      app.get('/sync/:id', () => {
        throw boom;
      });
      app.get('/next/:id', (_req: unknown, _res: unknown, next: (e: unknown) => void) => next(new TypeError('bad id')));
      app.get('/fine', (_req: unknown, res: { json(v: unknown): void }) => res.json({ ok: true }));
      app.use(traceErrors());
      app.use(
        (error: unknown, _req: unknown, res: { status(n: number): { json(v: unknown): void } }, _next: unknown) => {
          seen.push(error);
          res.status(503).json({ error: String(error) });
        }
      );
      const server: Server = app.listen(0, '127.0.0.1');
      try {
        await new Promise((r) => server.once('listening', r));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        assert.equal((await fetch(`${base}/sync/1`)).status, 503);
        assert.equal((await fetch(`${base}/next/2`)).status, 503);
        assert.equal((await fetch(`${base}/fine`)).status, 200);
        assert.equal(seen[0], boom, 'the app error handler gets the very object thrown');
        for (const name of ['GET /sync/:id', 'GET /next/:id', 'GET /fine']) await waitForSpan(t, name);

        const sync = t.span('GET /sync/:id');
        assert.equal(sync.status.code, 'error');
        assert.equal(sync.status.message, 'boom: the model refused');
        assert.equal(sync.attributes['http.response.status_code'], 503);
        const exception = sync.events.find((e) => e.name === 'exception');
        assert.equal(exception?.attributes?.['exception.message'], 'boom: the model refused');

        const viaNext = t.span('GET /next/:id');
        assert.equal(viaNext.events.find((e) => e.name === 'exception')?.attributes?.['exception.type'], 'TypeError');

        const fine = t.span('GET /fine');
        assert.notEqual(fine.status.code, 'error');
        assert.equal(
          fine.events.some((e) => e.name === 'exception'),
          false
        );
      } finally {
        server.close();
        await t.close();
      }
    });
  });
}
