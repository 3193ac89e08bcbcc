// The floor of any LangChain tracer: a do-nothing callback handler passed as `callbacks`. What it
// adds is LangChain's own callback machinery, which only runs when a run has a handler (the
// serialised runnables, run ids, the callback managers, the background queue). `awaitHandlers`
// picks how LangChain runs it: in its background queue (LangChain's default, `lc-noop`) or
// awaited inline like noveum-trace's handler (`lc-noop-await`).
import { createRequire } from 'node:module';
import { pkgVersion } from '../lib/versions.mjs';

const require = createRequire(import.meta.url);
export const label = 'do-nothing LangChain handler';

/** A `BaseCallbackHandler` of the traced copy of `@langchain/core`, every callback empty. */
function doNothingHandler(awaitHandlers) {
  const { BaseCallbackHandler } = require('@langchain/core/callbacks/base');
  const noop = () => {};
  const handler = BaseCallbackHandler.fromMethods({
    handleChainStart: noop,
    handleChainEnd: noop,
    handleChainError: noop,
    handleChatModelStart: noop,
    handleLLMStart: noop,
    handleLLMEnd: noop,
    handleLLMError: noop,
  });
  handler.awaitHandlers = awaitHandlers;
  return handler;
}

export function createNoopHandler({ awaitHandlers }) {
  return {
    version: `@langchain/core ${pkgVersion('@langchain/core')} BaseCallbackHandler, every callback empty (awaitHandlers: ${awaitHandlers})`,
    langchainConfig: { callbacks: [doNothingHandler(awaitHandlers)] },
    traced: true,
    exportsToSink: false,
    flush: async () => {},
    shutdown: async () => {},
  };
}

export async function create() {
  return createNoopHandler({ awaitHandlers: false });
}
