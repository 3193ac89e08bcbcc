import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { gzipChunks } from '../../../src/export/http/gzip-chunks.js';

function body(bytes: number, pieces: number): Buffer[] {
  const text = Array.from({ length: Math.ceil(bytes / 40) }, (_, i) => `{"i":${i},"t":"ünïcode ✓ ${i * 7919}"},`).join(
    ''
  );
  const all = Buffer.from(text).subarray(0, bytes);
  const size = Math.ceil(bytes / pieces);
  return Array.from({ length: pieces }, (_, i) => all.subarray(i * size, (i + 1) * size));
}

describe('gzipChunks', () => {
  it('gzips small bodies at once and large ones through a stream, both back to the same bytes', async () => {
    for (const [bytes, pieces] of [
      [0, 1],
      [3_000, 1],
      [20_000, 3],
      [32 * 1024, 2],
      [32 * 1024 + 1, 2],
      [2_500_000, 40],
    ] as const) {
      const chunks = body(bytes, pieces);
      const zipped = await gzipChunks(chunks);
      assert.deepEqual(gunzipSync(Buffer.concat(zipped)), Buffer.concat(chunks), `${bytes} bytes`);
    }
  });
});
