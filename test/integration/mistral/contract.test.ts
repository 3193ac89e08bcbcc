/**
 * The shared instrumentation contract against the real `@mistralai/mistralai` 2.x (ESM-only) and
 * the fake Mistral server, applied as `instrument({ mistral: client })`.
 */
import * as sdk from '@mistralai/mistralai';
import { SDKError } from '@mistralai/mistralai/models/errors';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeMistral } from '../../fixtures/servers/mistral-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

const messages = [{ role: 'user' as const, content: 'contract' }];

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `mistral-small-latest@${parts.join(',')}`;
}

runInstrumentationContract({
  name: '@mistralai/mistralai 2.x via instrument({ mistral: client })',
  async setup(): Promise<ContractSetup> {
    const server = await startFakeMistral();
    const tracing = setupTracing();
    const make = () => new sdk.Mistral({ apiKey: 'mistral-test-key', serverURL: server.url });
    const traced = make();
    instrument({ mistral: traced });
    // The patch is on the SDK's `Chat` class: every client is traced, which the cases allow for.
    return {
      traced,
      untraced: make(),
      tracing,
      async teardown() {
        uninstrument('mistral');
        await tracing.close();
        await server.close();
      },
    };
  },
  call: (client) => client.chat.complete({ model: 'mistral-small-latest', messages }),
  callStream: (client, o) =>
    client.chat.stream({ model: streamModel(o), messages }, o.signal ? { signal: o.signal } : undefined),
  callError: (client) => client.chat.complete({ model: 'mistral-small-latest@error=429', messages }),
  sdk: { APIError: SDKError as any },
  abortStream: (_stream, controller) => controller.abort(),
});
