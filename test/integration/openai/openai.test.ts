import OpenAI from 'openai';
import { runOpenAIScenarios } from './scenarios.js';

runOpenAIScenarios('openai (current major)', OpenAI);
