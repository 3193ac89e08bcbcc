import OpenAI from 'openai-v6';
import { runOpenAIHelperScenarios } from '../helper-scenarios.js';
import { runOpenAIScenarios } from '../scenarios.js';

runOpenAIScenarios('openai 6.x', OpenAI);
runOpenAIHelperScenarios('openai 6.x', OpenAI);
