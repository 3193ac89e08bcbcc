/**
 * The contract where it fits this integration: the Agents processor is not a client (no call of
 * its own returns an `APIPromise` or a `Stream`), so the `openai` contract runs with the
 * `openai-agents` integration on alongside. The provider asks the Agents SDK for its current
 * span on every call; outside a run, calls must stay exactly as the contract says.
 */
import * as agents from '@openai/agents';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { runInstrumentationContract } from '../contract/instrumentation-contract.js';
import { openAIContract } from '../openai/contract-cases.js';

runInstrumentationContract(
  openAIContract('instrument({ openai })', {
    label: 'with openai-agents on',
    on: () => void instrument({ 'openai-agents': agents }),
    off: () => uninstrument('openai-agents'),
  })
);
