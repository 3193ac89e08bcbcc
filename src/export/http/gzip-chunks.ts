import { createGzip } from 'node:zlib';

/**
 * Gzips a chunked body through a zlib stream, so compression runs on the libuv
 * thread pool chunk by chunk: `gzipSync` (or one `gzip` call after joining the
 * chunks) would copy or compress megabytes on the event loop.
 */
export function gzipChunks(chunks: readonly Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const gz = createGzip();
    gz.on('data', (chunk: Buffer) => out.push(chunk));
    gz.on('end', () => resolve(out));
    gz.on('error', reject);
    for (const chunk of chunks) gz.write(chunk);
    gz.end();
  });
}
