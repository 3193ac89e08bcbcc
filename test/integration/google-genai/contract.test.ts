/** The shared instrumentation contract against the real `@google/genai` 2.x and the fake Gemini server. */
import * as genai from '@google/genai';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeGemini } from '../../fixtures/servers/gemini-server.js';
import { setupTracing } from '../../helpers/tracing.js';
import {
  runInstrumentationContract,
  type ContractSetup,
  type StreamOptions,
} from '../contract/instrumentation-contract.js';

function streamModel(o: StreamOptions): string {
  const parts = [`chunks=${o.chunks}`];
  if (o.chunkDelayMs !== undefined) parts.push(`chunkDelay=${o.chunkDelayMs}`);
  if (o.dropAfter !== undefined) parts.push(`drop=${o.dropAfter}`);
  return `gemini-2.5-flash@${parts.join(',')}`;
}

runInstrumentationContract({
  name: '@google/genai 2.x via instrument({ "google-genai" })',
  async setup(): Promise<ContractSetup> {
    const server = await startFakeGemini();
    const tracing = setupTracing();
    const make = () => new genai.GoogleGenAI({ apiKey: 'gemini-test-key', httpOptions: { baseUrl: server.url } });
    // Built before patching: its `models` keeps the SDK's own methods.
    const untraced = make();
    instrument({ 'google-genai': genai });
    return {
      traced: make(),
      untraced,
      tracing,
      async teardown() {
        uninstrument('google-genai');
        await tracing.close();
        await server.close();
      },
    };
  },
  call: (ai) => ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'contract' }),
  callStream: (ai, o) =>
    ai.models.generateContentStream({
      model: streamModel(o),
      contents: 'contract',
      config: o.signal ? { abortSignal: o.signal } : undefined,
    }),
  callError: (ai) => ai.models.generateContent({ model: 'gemini-2.5-flash@error=429', contents: 'contract' }),
  sdk: { APIError: genai.ApiError as any },
  abortStream: (_stream, controller) => controller.abort(),
});
