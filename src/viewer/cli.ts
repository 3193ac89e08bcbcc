/**
 * `noveum-trace view [dir]`: serves a local viewer for the traces the file exporter writes.
 * A separate entry point (the package's `bin`), so nothing here weighs on the SDK itself.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLoopbackName } from './host-check.js';
import { loadPage, serveViewer } from './server.js';
import { TraceIndex } from './trace-index.js';

const USAGE = `Usage: noveum-trace view [dir] [--port <n>] [--host <address>]

Serves a local viewer for the traces in <dir> (default .noveum/, where the file exporter writes).
  --port <n>        port to listen on; 0 picks a free one (default 7007)
  --host <address>  address to bind (default 127.0.0.1); anything but loopback exposes your traces
`;
const DEFAULT_PORT = 7007;
/** The folder is also polled: fs.watch misses events on some file systems (network mounts, containers). */
const POLL_MS = 1000;

interface ViewArgs {
  dir: string;
  port: number;
  host: string;
}

function fail(message: string): never {
  process.stderr.write(`noveum-trace: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): ViewArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (command !== 'view') fail(`unknown command "${command}"`);
  const args: ViewArgs = { dir: '.noveum', port: DEFAULT_PORT, host: '127.0.0.1' };
  let dirSeen = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--port' || flag === '--host') {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') fail(`${flag} needs a value`);
      if (flag === '--host') args.host = value;
      else {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got "${value}"`);
        args.port = port;
      }
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg.startsWith('-') || dirSeen) fail(`unexpected argument "${arg}"`);
    else {
      args.dir = arg;
      dirSeen = true;
    }
  }
  return args;
}

/** Re-indexes on folder events (debounced) and on a slow poll; both unref'd. */
function watchFolder(index: TraceIndex): () => void {
  let timer: NodeJS.Timeout | undefined;
  const soon = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void index.refresh();
    }, 50);
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(index.dir, { persistent: false }, soon);
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(() => void index.refresh(), POLL_MS);
  poll.unref();
  return () => {
    clearInterval(poll);
    if (timer !== undefined) clearTimeout(timer);
    watcher?.close();
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = resolve(args.dir);
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    process.stderr.write(
      `noveum-trace: no folder at ${dir}\nTraces are written there by the file exporter: init({ exporter: 'file' }).\n`
    );
    process.exit(1);
  }
  const page = await loadPage(fileURLToPath(new URL('./page/', import.meta.url)));
  const index = new TraceIndex(dir);
  const server = await serveViewer(index, page, args.host, args.port);
  // The URL comes first, alone on its line, so scripts and tests can read it.
  process.stdout.write(`${server.url}\n`);
  process.stdout.write(`noveum-trace viewer: serving traces from ${dir} (Ctrl+C to stop)\n`);
  if (!isLoopbackName(args.host) && args.host !== '::1') {
    process.stderr.write(
      `noveum-trace: warning: listening on ${args.host}; anyone who can reach it can read your traces\n`
    );
  }
  const stopWatching = watchFolder(index);
  void index.refresh();
  const stop = (): void => {
    stopWatching();
    index.close();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'EADDRINUSE' ? 'that port is in use; pick another with --port (0 = any free port)' : String(error);
  process.stderr.write(`noveum-trace: ${message}\n`);
  process.exit(1);
});
