// The do-nothing LangChain handler (sdks/lc-noop.mjs), awaited inline like noveum-trace's.
import { createNoopHandler } from './lc-noop.mjs';

export const label = 'do-nothing LangChain handler (awaited)';

export async function create() {
  return createNoopHandler({ awaitHandlers: true });
}
