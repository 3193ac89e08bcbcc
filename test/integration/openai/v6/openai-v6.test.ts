import OpenAI, { APIPromise } from 'openai-v6';
import { Stream } from 'openai-v6/streaming';
import { runOpenAIHelperScenarios } from '../helper-scenarios.js';
import { runOpenAINestingScenarios } from '../nesting-scenarios.js';
import { runOpenAIScenarios } from '../scenarios.js';

runOpenAIScenarios('openai 6.x', OpenAI, { APIPromise, Stream });
runOpenAIHelperScenarios('openai 6.x', OpenAI);
runOpenAINestingScenarios('openai 6.x', OpenAI);
