/** The shared instrumentation contract against `@anthropic-ai/sdk` 1.x, patched and proxied. */
import * as sdk from '@anthropic-ai/sdk';
import { Stream } from '@anthropic-ai/sdk/streaming';
import { runAnthropicContract } from './contract-cases.js';

runAnthropicContract('1.x', sdk, Stream);
