import { constants, createGzip } from 'node:zlib';

/** Input handed to zlib per write, and its output buffer size. */
const GROUP_BYTES = 1024 * 1024;

/**
 * Gzips a chunked body through a zlib stream, so compression runs on the libuv
 * thread pool: `gzipSync` (or joining the chunks first) would compress or copy
 * megabytes on the event loop. Chunks are grouped into ~1 MiB writes because each
 * zlib write is one round trip through a (possibly busy) event loop.
 */
export function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    // Fastest level: trace JSON still shrinks several times, for a fraction of the default's CPU,
    // which the host app's own work competes for.
    const gz = createGzip({ chunkSize: GROUP_BYTES, level: constants.Z_BEST_SPEED });
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
