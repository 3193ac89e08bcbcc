import type * as Zlib from 'node:zlib';
import { lazyBuiltin } from '../../internal/builtin.js';

const zlib = lazyBuiltin<typeof Zlib>('node:zlib');

/** Input handed to zlib per write, and its output buffer size. */
const GROUP_BYTES = 1024 * 1024;

/**
 * Bodies up to this size are gzipped in one synchronous call: a zlib stream costs about 60 µs
 * of fixed CPU (its setup, a thread-pool round trip, stream events), several times what level 1
 * takes for 32 KB, which holds the event loop for well under the export's 1 ms slice.
 */
const SYNC_BYTES = 32 * 1024;

/**
 * Gzips a chunked body (a small one at once, see `SYNC_BYTES`), else through a zlib stream, so compression runs on the libuv
 * thread pool: `gzipSync` (or joining the chunks first) would compress or copy
 * megabytes on the event loop. Chunks are grouped into ~1 MiB writes because each
 * zlib write is one round trip through a (possibly busy) event loop.
 */
export function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer[]> {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  if (total <= SYNC_BYTES) {
    try {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      return Promise.resolve([zlib().gzipSync(body, { level: zlib().constants.Z_BEST_SPEED })]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    // Fastest level: trace JSON still shrinks several times, for a fraction of the default's CPU,
    // which the host app's own work competes for.
    const gz = zlib().createGzip({ chunkSize: GROUP_BYTES, level: zlib().constants.Z_BEST_SPEED });
    gz.on('data', (chunk: Buffer) => out.push(chunk));
    gz.on('end', () => resolve(out));
    gz.on('error', reject);
    let group: Buffer[] = [];
    let groupBytes = 0;
    for (const chunk of chunks) {
      group.push(chunk);
      groupBytes += chunk.length;
      if (groupBytes >= GROUP_BYTES) {
        gz.write(Buffer.concat(group, groupBytes));
        group = [];
        groupBytes = 0;
      }
    }
    gz.end(group.length === 0 ? undefined : Buffer.concat(group, groupBytes));
  });
}
