/**
 * The Anthropic integration against the shared instrumentation contract, patched and proxied,
 * with the real `@anthropic-ai/sdk` and the fake server (run for 1.x and, in v0/, the last 0.x).
 */
import { traceAnthropic } from '../../../src/instrumentation/anthropic/index.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeAnthropic } from '../../fixtures/servers/anthropic-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

const messages = [{ role: 'user', content: 'contract' }];

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `claude-test@${parts.join(',')}`;
}

/** Registers the contract for one SDK module (its namespace) and its `Stream` class. */
export function runAnthropicContract(label: string, sdk: any, Stream: unknown): void {
  const Anthropic = sdk.Anthropic;
  for (const mode of ['instrument({ anthropic })', 'traceAnthropic(client)'] as const) {
    runInstrumentationContract({
      name: `@anthropic-ai/sdk ${label} via ${mode}`,
      async setup(): Promise<ContractSetup> {
        // A spy under the instrumentation records what the SDK's own method returned.
        const proto = Anthropic.Messages.prototype;
        const pristine = proto.create;
        let last: unknown;
        proto.create = function (this: unknown, ...args: unknown[]) {
          return (last = pristine.apply(this, args));
        };
        const server = await startFakeAnthropic();
        const tracing = setupTracing();
        const make = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.url, maxRetries: 0 });
        const untraced = make();
        let traced: any;
        if (mode === 'traceAnthropic(client)') traced = traceAnthropic(make());
        else {
          instrument({ anthropic: Anthropic });
          traced = make();
        }
        return {
          traced,
          untraced,
          tracing,
          lastOriginalResult: () => last,
          async teardown() {
            uninstrument('anthropic');
            proto.create = pristine;
            await tracing.close();
            await server.close();
          },
        };
      },
      call: (client) => client.messages.create({ model: 'claude-test', max_tokens: 64, messages }),
      callStream: (client, o) =>
        client.messages.create({ model: streamModel(o), max_tokens: 64, messages, stream: true }),
      callError: (client) => client.messages.create({ model: 'claude-test@error=429', max_tokens: 64, messages }),
      sdk: { APIPromise: sdk.APIPromise as any, Stream: Stream as any, APIError: sdk.APIError as any },
    });
  }
}
