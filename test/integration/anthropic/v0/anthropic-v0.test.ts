/** The last 0.x of `@anthropic-ai/sdk` (through the `anthropic-sdk-v0` alias): scenarios and the contract. */
import * as sdk from 'anthropic-sdk-v0';
import { Stream } from 'anthropic-sdk-v0/streaming';
import { runAnthropicContract } from '../contract-cases.js';
import { runMessageScenarios } from '../message-scenarios.js';
import { runStreamScenarios } from '../stream-scenarios.js';

runMessageScenarios('@anthropic-ai/sdk 0.x', sdk);
runStreamScenarios('@anthropic-ai/sdk 0.x', sdk);
runAnthropicContract('0.x', sdk, Stream);
