import OpenAI from 'openai';
import { runOpenAIHelperScenarios } from './helper-scenarios.js';
import { runOpenAIScenarios } from './scenarios.js';

runOpenAIScenarios('openai (current major)', OpenAI);
runOpenAIHelperScenarios('openai (current major)', OpenAI);
