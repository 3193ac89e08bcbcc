/** The Anthropic scenarios against the real SDK, 1.x and the last 0.x, patched and proxied. */
import * as v1 from '@anthropic-ai/sdk';
import * as v0 from 'anthropic-sdk-v0';
import { runMessageScenarios } from './message-scenarios.js';
import { runStreamScenarios } from './stream-scenarios.js';

for (const [label, sdk] of [
  ['@anthropic-ai/sdk 1.x', v1],
  ['@anthropic-ai/sdk 0.x', v0],
] as const) {
  runMessageScenarios(label, sdk);
  runStreamScenarios(label, sdk);
}
