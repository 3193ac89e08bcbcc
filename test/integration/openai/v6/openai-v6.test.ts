import OpenAI from 'openai-v6';
import { runOpenAIScenarios } from '../scenarios.js';

runOpenAIScenarios('openai 6.x', OpenAI);
