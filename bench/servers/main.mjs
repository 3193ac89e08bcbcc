// Runs the fake OpenAI and Anthropic servers and the sink in one process (apart from the SDK
// under test), prints their URLs as one JSON line, and exits when its parent closes stdin.
import { startAnthropicServer } from './anthropic-server.mjs';
import { startOpenAIServer } from './openai-server.mjs';
import { startSinkServer } from './sink-server.mjs';

const openai = await startOpenAIServer();
const anthropic = await startAnthropicServer();
const sink = await startSinkServer();
process.stdout.write(`${JSON.stringify({ openaiUrl: openai.url, anthropicUrl: anthropic.url, sinkUrl: sink.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
