import type { MethodRegistry } from '../types.js';

/**
 * @aws-sdk/client-bedrock-runtime versions whose shape this integration knows: every 3.x release
 * exports `BedrockRuntimeClient` (whose `send()` is inherited from the smithy `Client`) and the
 * InvokeModel command classes, later ones the Converse commands too; streamed outputs are async
 * iterables. Tested with 3.1164.0.
 */
export const BEDROCK_SUPPORTED_VERSIONS = '>=3.0.0 <4';

/** `gen_ai.provider.name` of Amazon Bedrock (OpenTelemetry's well-known value). */
export const BEDROCK_PROVIDER = 'aws.bedrock';

export type BedrockOperation = 'chat';

/** The commands traced, by class name: what each one is and where its stream sits in the output. */
export const BEDROCK_COMMANDS = {
  ConverseCommand: { api: 'converse', stream: false },
  ConverseStreamCommand: { api: 'converse', stream: true },
  InvokeModelCommand: { api: 'invoke', stream: false },
  InvokeModelWithResponseStreamCommand: { api: 'invoke', stream: true },
} as const;

export type BedrockCommandKind = (typeof BEDROCK_COMMANDS)[keyof typeof BEDROCK_COMMANDS];

/**
 * One patch: `send()` on `BedrockRuntimeClient.prototype` (the aggregated `BedrockRuntime` client
 * extends it), dispatching on the command; other commands pass through untraced.
 */
export const BEDROCK_METHODS = {
  send: { owner: ['BedrockRuntimeClient'], method: 'send', operation: 'chat' },
} as const satisfies MethodRegistry<BedrockOperation>;

/** The aggregated client's methods build a command and call `send`. */
export const BEDROCK_METHOD_ALIASES: Readonly<Record<string, keyof typeof BEDROCK_METHODS>> = {
  converse: 'send',
  converseStream: 'send',
  invokeModel: 'send',
  invokeModelWithResponseStream: 'send',
};
