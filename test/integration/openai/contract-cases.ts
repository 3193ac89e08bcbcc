/** The shared instrumentation contract's cases for the `openai` integration, patched or proxied. */
import OpenAI, { APIError, APIPromise } from 'openai';
import { Stream } from 'openai/streaming';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { startFakeOpenAI } from '../../fixtures/servers/openai-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import type { ContractSetup, InstrumentationContract, StreamOptions } from '../contract/instrumentation-contract.js';

const messages = [{ role: 'user', content: 'contract' }];

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `gpt-4o-mini@${parts.join(',')}`;
}

export type OpenAIContractMode = 'instrument({ openai })' | 'traceOpenAI(client)';

/** Another integration on alongside (its name, and how to turn it on and off). */
export interface AlongsideIntegration {
  readonly label: string;
  on(): void;
  off(): void;
}

/** The contract of the `openai` integration in `mode`, optionally with another integration on. */
export function openAIContract(mode: OpenAIContractMode, alongside?: AlongsideIntegration): InstrumentationContract {
  return {
    name: `openai via ${mode}${alongside ? `, ${alongside.label}` : ''}`,
    async setup(): Promise<ContractSetup> {
      // A spy under the instrumentation records what the SDK's own method returned.
      const proto = (OpenAI as any).Chat.Completions.prototype;
      const pristine = proto.create;
      let last: unknown;
      proto.create = function (this: unknown, ...args: unknown[]) {
        return (last = pristine.apply(this, args));
      };
      const server = await startFakeOpenAI();
      const tracing = setupTracing();
      const make = () => new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
      // The untraced client is made before patching and only compared against in untraced-safe ways.
      const untraced = make();
      let traced: OpenAI;
      if (mode === 'traceOpenAI(client)') traced = traceOpenAI(make());
      else {
        instrument({ openai: OpenAI });
        traced = make();
      }
      alongside?.on();
      return {
        traced,
        untraced,
        tracing,
        lastOriginalResult: () => last,
        async teardown() {
          uninstrument('openai');
          alongside?.off();
          proto.create = pristine;
          await tracing.close();
          await server.close();
        },
      };
    },
    call: (client) => client.chat.completions.create({ model: 'gpt-4o-mini', messages }),
    callStream: (client, o) =>
      client.chat.completions.create({
        model: streamModel(o),
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    callError: (client) => client.chat.completions.create({ model: 'gpt-4o-mini@error=429', messages }),
    sdk: { APIPromise, Stream, APIError },
  };
}
