/**
 * A cold import loads only what every user needs: the Node built-ins that serve one feature
 * (HTTP export, gzip, the exit-time worker, span id randomness, IPv6 redaction) are loaded on
 * first use. Each of them costs milliseconds of a cold start (https alone pulls in tls and crypto).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';

const DEFERRED = ['http', 'https', 'tls', 'net', 'crypto', 'zlib', 'worker_threads'];

describe('a cold import of noveum-trace', () => {
  for (const format of FORMATS) {
    it(`from ${format} loads none of ${DEFERRED.join(', ')}`, async () => {
      const entries = ['noveum-trace', ...['express', 'fastify', 'hono', 'next'].map((e) => `noveum-trace/${e}`)];
      const load = entries.map((e) => (format === 'esm' ? `await import('${e}');` : `require('${e}');`)).join('\n');
      const run = await runConsumer(
        format,
        `
        const DEFERRED = ${JSON.stringify(DEFERRED)};
        const before = new Set(process.moduleLoadList);
        ${load}
        report(process.moduleLoadList
          .filter((m) => !before.has(m) && m.startsWith('NativeModule '))
          .map((m) => m.slice('NativeModule '.length))
          .filter((m) => DEFERRED.includes(m)));
        `,
        { imports: {} }
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports[0], []);
    });
  }
});
