/**
 * The shared instrumentation contract against the real `@aws-sdk/client-bedrock-runtime` 3.x and
 * the fake Bedrock server (HTTP/2, event-stream frames), through Converse and ConverseStream.
 */
import * as bedrock from '@aws-sdk/client-bedrock-runtime';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeBedrock } from '../../fixtures/servers/bedrock-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

const MODEL = 'amazon.nova-pro-v1:0';
const messages = [{ role: 'user' as const, content: [{ text: 'contract' }] }];

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `${MODEL}@${parts.join(',')}`;
}

runInstrumentationContract({
  name: '@aws-sdk/client-bedrock-runtime 3.x via instrument({ bedrock })',
  async setup(): Promise<ContractSetup> {
    const server = await startFakeBedrock();
    const tracing = setupTracing();
    const make = () =>
      new bedrock.BedrockRuntimeClient({
        region: 'us-east-1',
        endpoint: server.url,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      });
    const untraced = make();
    instrument({ bedrock });
    // The patch is on the class: the "untraced" client is traced too, which the cases allow for.
    const traced = make();
    return {
      traced,
      untraced,
      tracing,
      async teardown() {
        uninstrument('bedrock');
        traced.destroy();
        untraced.destroy();
        await tracing.close();
        await server.close();
      },
    };
  },
  call: (client) => client.send(new bedrock.ConverseCommand({ modelId: MODEL, messages })),
  callStream: (client, o) =>
    client
      .send(
        new bedrock.ConverseStreamCommand({ modelId: streamModel(o), messages }),
        o.signal ? { abortSignal: o.signal } : undefined
      )
      .then((output: bedrock.ConverseStreamCommandOutput) => output.stream),
  callError: (client) => client.send(new bedrock.ConverseCommand({ modelId: `${MODEL}@error=429`, messages })),
  sdk: { APIError: bedrock.BedrockRuntimeServiceException as any },
  abortStream: (_stream, controller) => controller.abort(),
});
