/**
 * Preload entry: `node --import noveum-trace/register app.mjs` (or `--require` for CommonJS)
 * installs the module hooks before the application loads, so every supported library is
 * traced however it is imported. Spans are recorded once the app calls `init()`.
 */
// Through the public entry, so the preload and the app share the one bundled copy of the SDK.
import { enableAutoTracing } from './index.js';

enableAutoTracing(['openai', 'anthropic', 'langchain', 'google-genai', 'bedrock', 'mistral', 'ai']);
