/**
 * Whether an ES module file is already loaded. Node 20 has no public view of the ESM loader's
 * cache, and reaching a copy through `require(esm)` (see hooks.ts) *loads* it when the app never
 * imported it: with a few AI frameworks installed, `init({ autoInstrument: true })` spent seconds
 * evaluating libraries the app does not use. V8's inspector lists every script it has parsed,
 * synchronously, so the check is exact; the list is read at most once per tick. A module loaded
 * later is reached by the import hook instead.
 */
import { pathToFileURL } from 'node:url';
import { diag } from '../diag/diag.js';
import { ownRequire } from './module-location.js';

interface InspectorSession {
  connect(): void;
  disconnect(): void;
  post(method: string): void;
  on(event: 'Debugger.scriptParsed', listener: (message: { params: { url?: unknown } }) => void): void;
}

let snapshot: Set<string> | undefined;

/**
 * True when `file` has been loaded as a script or module; undefined when that cannot be known
 * (a Node built without the inspector), in which case callers keep their old behaviour.
 */
export function isFileLoaded(file: string): boolean | undefined {
  const urls = loadedFileUrls();
  return urls === undefined ? undefined : urls.has(pathToFileURL(file).href);
}

function loadedFileUrls(): Set<string> | undefined {
  if (snapshot !== undefined) return snapshot;
  let session: InspectorSession | undefined;
  try {
    // Required lazily: a Node built without the inspector must still load the SDK.
    const { Session } = ownRequire()('node:inspector') as { Session: new () => InspectorSession };
    session = new Session();
    session.connect();
    const urls = new Set<string>();
    session.on('Debugger.scriptParsed', (message) => {
      const url = message.params.url;
      if (typeof url === 'string' && url.startsWith('file:')) urls.add(url);
    });
    // On the main thread `post` dispatches synchronously: every scriptParsed event has arrived
    // when it returns. The debugger is off again before any app code runs.
    session.post('Debugger.enable');
    session.post('Debugger.disable');
    snapshot = urls;
    setImmediate(() => (snapshot = undefined)).unref();
    return urls;
  } catch (error) {
    diag.debug('instrumentation: cannot list loaded modules through the inspector:', error);
    return undefined;
  } finally {
    try {
      session?.disconnect();
    } catch {
      // already disconnected
    }
  }
}
