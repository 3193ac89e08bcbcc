/**
 * Every attribute key the SDK writes, defined once. The `llm.*`, `agent.*`, `tool.*`
 * and `retrieval.*` names are the Noveum platform's (shared with the Python SDK);
 * `gen_ai.*` are OpenTelemetry's GenAI semantic conventions, used by the OTLP exporter.
 */

// What kind of work a span is; the console tree and the viewer key off it.
export const ATTR_NOVEUM_SPAN_TYPE = 'noveum.span_type';

// LLM (Noveum names)
export const ATTR_LLM_MODEL = 'llm.model';
export const ATTR_LLM_RESPONSE_MODEL = 'llm.response_model';
export const ATTR_LLM_PROVIDER = 'llm.provider';
export const ATTR_LLM_OPERATION = 'llm.operation';
export const ATTR_LLM_INPUT_TOKENS = 'llm.input_tokens';
export const ATTR_LLM_OUTPUT_TOKENS = 'llm.output_tokens';
export const ATTR_LLM_TOTAL_TOKENS = 'llm.total_tokens';
export const ATTR_LLM_CACHED_TOKENS = 'llm.cached_tokens';
/** Prompt tokens written to the provider's cache (Anthropic); part of `llm.input_tokens`, like `llm.cached_tokens`. */
export const ATTR_LLM_CACHE_CREATION_TOKENS = 'llm.cache_creation_tokens';
export const ATTR_LLM_REASONING_TOKENS = 'llm.reasoning_tokens';
export const ATTR_LLM_MESSAGES = 'llm.messages';
export const ATTR_LLM_RESPONSE = 'llm.response';
export const ATTR_LLM_RESPONSE_ID = 'llm.response_id';
export const ATTR_LLM_FINISH_REASON = 'llm.finish_reason';
export const ATTR_LLM_TOOL_CALLS = 'llm.tool_calls';
export const ATTR_LLM_TOOLS = 'llm.tools';
export const ATTR_LLM_TEMPERATURE = 'llm.temperature';
export const ATTR_LLM_MAX_TOKENS = 'llm.max_tokens';
export const ATTR_LLM_TOP_P = 'llm.top_p';
export const ATTR_LLM_STREAMING = 'llm.streaming';
export const ATTR_LLM_TIME_TO_FIRST_TOKEN_MS = 'llm.time_to_first_token_ms';
export const ATTR_LLM_TOKENS_PER_SECOND = 'llm.tokens_per_second';
export const ATTR_LLM_COST_INPUT = 'llm.cost.input';
export const ATTR_LLM_COST_OUTPUT = 'llm.cost.output';
export const ATTR_LLM_COST_TOTAL = 'llm.cost.total';
export const ATTR_LLM_COST_CURRENCY = 'llm.cost.currency';

// Agents, tools, retrieval (Noveum names)
export const ATTR_AGENT_TYPE = 'agent.type';
export const ATTR_AGENT_NAME = 'agent.name';
export const ATTR_AGENT_OPERATION = 'agent.operation';
export const ATTR_AGENT_METHOD = 'agent.method';
export const ATTR_AGENT_ARGS_COUNT = 'agent.args_count';
/** The arguments of a traced agent method (`TracedAgentProxy`), under the capture settings. */
export const ATTR_AGENT_INPUT = 'agent.input';
/** What a traced agent method returned (or its promise resolved to), under the capture settings. */
export const ATTR_AGENT_OUTPUT = 'agent.output';
export const ATTR_TOOL_NAME = 'tool.name';
export const ATTR_TOOL_DESCRIPTION = 'tool.description';
export const ATTR_TOOL_INPUT = 'tool.input';
export const ATTR_TOOL_OUTPUT = 'tool.output';
export const ATTR_RETRIEVAL_QUERY = 'retrieval.query';
export const ATTR_RETRIEVAL_SOURCE = 'retrieval.source';
export const ATTR_RETRIEVAL_TOP_K = 'retrieval.top_k';
export const ATTR_RETRIEVAL_RESULTS_COUNT = 'retrieval.results_count';
export const ATTR_RETRIEVAL_DOCUMENTS = 'retrieval.documents';

// OpenTelemetry GenAI semantic conventions
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id';

// Errors (OpenTelemetry general conventions)
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';

/** Values of `noveum.span_type`. */
export const SPAN_TYPES = ['llm', 'agent', 'tool', 'retrieval', 'operation'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

/**
 * Noveum `llm.*` keys and the `gen_ai.*` keys that mean the same thing, so an
 * exporter can write both without each instrumentation doing it twice.
 */
export const LLM_TO_GEN_AI = {
  [ATTR_LLM_MODEL]: ATTR_GEN_AI_REQUEST_MODEL,
  [ATTR_LLM_RESPONSE_MODEL]: ATTR_GEN_AI_RESPONSE_MODEL,
  [ATTR_LLM_PROVIDER]: ATTR_GEN_AI_PROVIDER_NAME,
  [ATTR_LLM_OPERATION]: ATTR_GEN_AI_OPERATION_NAME,
  [ATTR_LLM_INPUT_TOKENS]: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  [ATTR_LLM_OUTPUT_TOKENS]: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  [ATTR_LLM_CACHED_TOKENS]: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  [ATTR_LLM_CACHE_CREATION_TOKENS]: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  [ATTR_LLM_REASONING_TOKENS]: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  [ATTR_LLM_TEMPERATURE]: ATTR_GEN_AI_REQUEST_TEMPERATURE,
  [ATTR_LLM_MAX_TOKENS]: ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  [ATTR_LLM_TOP_P]: ATTR_GEN_AI_REQUEST_TOP_P,
  [ATTR_LLM_RESPONSE_ID]: ATTR_GEN_AI_RESPONSE_ID,
  [ATTR_LLM_FINISH_REASON]: ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  [ATTR_LLM_MESSAGES]: ATTR_GEN_AI_INPUT_MESSAGES,
  [ATTR_LLM_RESPONSE]: ATTR_GEN_AI_OUTPUT_MESSAGES,
  [ATTR_AGENT_NAME]: ATTR_GEN_AI_AGENT_NAME,
  [ATTR_TOOL_NAME]: ATTR_GEN_AI_TOOL_NAME,
} as const;

// Trace metadata: read from the root span by the Noveum exporter into `metadata`.
export const ATTR_USER_ID = 'user.id';
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_REQUEST_ID = 'request.id';
export const ATTR_NOVEUM_TAGS = 'noveum.tags';

// GenAI content keys the redactor treats as inputs or outputs (OpenTelemetry GenAI conventions;
// `gen_ai.prompt.*` / `gen_ai.completion.*` are the older indexed form still sent by some libraries).
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
export const ATTR_GEN_AI_PROMPT_PREFIX = 'gen_ai.prompt.';
export const ATTR_GEN_AI_COMPLETION_PREFIX = 'gen_ai.completion.';

// Instrumentation extras (appended by the provider instrumentations)
/** How a streamed LLM call ended: 'completed', 'cancelled' (early break / return), 'aborted', 'error'. */
export const ATTR_LLM_STREAM_OUTCOME = 'llm.stream.outcome';
/** The provider's request id (OpenAI `x-request-id`, Anthropic `request-id`). */
export const ATTR_LLM_REQUEST_ID = 'llm.request_id';
/** A prompt's size as a token-counting endpoint measured it (Anthropic `countTokens`): not usage, not billed. */
export const ATTR_LLM_COUNTED_INPUT_TOKENS = 'llm.counted_input_tokens';
/** Number of vectors an embeddings call returned. */
export const ATTR_LLM_EMBEDDING_COUNT = 'llm.embedding.count';
/** Length of each returned vector (float encoding only). */
export const ATTR_LLM_EMBEDDING_DIMENSIONS = 'llm.embedding.dimensions';
/** Number of images an image-generation call returned. */
export const ATTR_LLM_IMAGE_COUNT = 'llm.image.count';
/** The instrumented library method, e.g. 'chat.completions.create'. */
export const ATTR_LLM_METHOD = 'llm.method';

// Agent frameworks (OpenAI Agents SDK spans)
/** Names of the tools an agent could call. */
export const ATTR_AGENT_TOOLS = 'agent.tools';
/** Names of the agents an agent could hand off to. */
export const ATTR_AGENT_HANDOFFS = 'agent.handoffs';
/** The agent's declared output type, e.g. 'text'. */
export const ATTR_AGENT_OUTPUT_TYPE = 'agent.output_type';
/** A handoff's source and target agents. */
export const ATTR_AGENT_HANDOFF_FROM = 'agent.handoff.from';
export const ATTR_AGENT_HANDOFF_TO = 'agent.handoff.to';
/** The framework's own ids of a workflow (its trace id and group id), to find it in the framework's tools. */
export const ATTR_AGENT_WORKFLOW_ID = 'agent.workflow.id';
export const ATTR_AGENT_WORKFLOW_GROUP_ID = 'agent.workflow.group_id';
/** A guardrail check: its name and whether it tripped (a tripped input guardrail aborts the run). */
export const ATTR_GUARDRAIL_NAME = 'guardrail.name';
export const ATTR_GUARDRAIL_TRIGGERED = 'guardrail.triggered';
/** An MCP tool listing: the server asked and the tool names it returned. */
export const ATTR_MCP_SERVER = 'mcp.server';
export const ATTR_MCP_TOOLS = 'mcp.tools';
/** The data of a custom framework span, as JSON (under the input capture settings). */
export const ATTR_CUSTOM_DATA = 'custom.data';
// Framework runs (LangChain / LangGraph integration)
/** LangChain's kind of run: 'chain', 'llm', 'tool', 'retriever'. */
export const ATTR_LANGCHAIN_RUN_TYPE = 'langchain.run_type';
/** A chain/runnable run's input and output (captured like model inputs and outputs). */
export const ATTR_LANGCHAIN_INPUT = 'langchain.input';
export const ATTR_LANGCHAIN_OUTPUT = 'langchain.output';
/** The LangGraph node a run belongs to. */
export const ATTR_LANGGRAPH_NODE = 'langgraph.node';
/** True when a run stopped on LangGraph control flow (an interrupt, a `Command` to a parent graph): not an error. */
export const ATTR_LANGGRAPH_INTERRUPTED = 'langgraph.interrupted';
