import OpenAI, { APIPromise } from 'openai';
import { Stream } from 'openai/streaming';
import { runOpenAIHelperScenarios } from './helper-scenarios.js';
import { runOpenAINestingScenarios } from './nesting-scenarios.js';
import { runOpenAIScenarios } from './scenarios.js';

runOpenAIScenarios('openai (current major)', OpenAI, { APIPromise, Stream });
runOpenAIHelperScenarios('openai (current major)', OpenAI);
runOpenAINestingScenarios('openai (current major)', OpenAI);
