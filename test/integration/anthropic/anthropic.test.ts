/** The Anthropic scenarios against the real `@anthropic-ai/sdk` 1.x, patched and proxied. */
import * as sdk from '@anthropic-ai/sdk';
import { runMessageScenarios } from './message-scenarios.js';
import { runStreamScenarios } from './stream-scenarios.js';

runMessageScenarios('@anthropic-ai/sdk 1.x', sdk);
runStreamScenarios('@anthropic-ai/sdk 1.x', sdk);
