/**
 * The OpenAI integration against the shared instrumentation contract, patched and proxied,
 * with the real `openai` package and the fake server.
 */
import { runInstrumentationContract } from '../contract/instrumentation-contract.js';
import { openAIContract } from './contract-cases.js';

for (const mode of ['instrument({ openai })', 'traceOpenAI(client)'] as const)
  runInstrumentationContract(openAIContract(mode));
