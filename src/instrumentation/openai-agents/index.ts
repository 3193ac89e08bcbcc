/**
 * The OpenAI Agents SDK integration: a trace processor registered through the SDK's own tracing
 * API (`getGlobalTraceProvider()` of the module the hooks hand over; never imported), and an
 * external scope through which the `openai` patch finds the Agents model-call span it runs in.
 *
 * `autoInstrument('openai-agents')` does two things, each a `methods` entry:
 * - `add-processor`: registers our processor, kept in the list by later `setTraceProcessors()`
 *   calls (the SDK's own import calls it to install OpenAI's exporter);
 * - `replace-processors`: makes ours the only processor, so nothing goes to OpenAI's trace
 *   endpoint. Select only `add-processor` to keep OpenAI's exporter as well.
 */
import { addExternalScopeSource } from '../../context/llm-owner.js';
import { warnOnce } from '../../diag/diag.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { getGlobal } from '../../internal/global.js';
import type { InstallSpec, LibraryDefinition, LiveSettings, MethodRegistry } from '../types.js';
import { OPENAI_AGENTS_MODULES, OPENAI_AGENTS_SUPPORTED_VERSIONS, type OpenAIAgentsOperation } from './constants.js';
import type { AgentsTraceProvider, AgentsTracingModule, AgentsTracingProcessor } from './internal-types.js';
import { NoveumAgentsProcessor } from './processor.js';

/** Our processor on one trace provider, shared by every copy of the library and of this package. */
interface Installation {
  readonly processor: NoveumAgentsProcessor;
  /** The provider's own `setProcessors`, called directly to replace the list. */
  readonly setProcessors: (processors: AgentsTracingProcessor[]) => void;
  refs: number;
  remove(): void;
}

// Keyed by the provider: agents-core keeps one provider per process (a `Symbol.for` slot).
const installations = getGlobal('openai-agents-installations', () => new WeakMap<object, Installation>());

function isTracingModule(value: unknown): value is AgentsTracingModule {
  const m = value as Partial<AgentsTracingModule> | null;
  return (
    (typeof m === 'object' || typeof m === 'function') &&
    m !== null &&
    typeof m.getGlobalTraceProvider === 'function' &&
    typeof m.getCurrentSpan === 'function'
  );
}

/** The module itself when it exports the tracing API (ESM namespace or CommonJS exports). */
export function resolveAgentsModule(moduleExports: unknown): object | undefined {
  return isTracingModule(moduleExports) ? moduleExports : undefined;
}

/**
 * One warning when the SDK's tracing is off (`OPENAI_AGENTS_DISABLE_TRACING`, `NODE_ENV=test`):
 * no processor is ever called then, and a silent empty trace view would be a puzzle. Probed
 * with an unstarted trace, which the SDK makes a no-op one (id 'no-op') when tracing is off.
 */
function warnIfTracingOff(provider: AgentsTraceProvider): void {
  if (typeof provider.createTrace !== 'function') return;
  if (provider.createTrace({ name: 'noveum-trace probe' })?.traceId !== 'no-op') return;
  warnOnce(
    'openai-agents-tracing-off',
    "openai-agents: the OpenAI Agents SDK's tracing is turned off (OPENAI_AGENTS_DISABLE_TRACING or NODE_ENV=test), so runs are not traced; call setTracingDisabled(false) from @openai/agents to trace them"
  );
}

/**
 * Registers the processor on `provider` and keeps it there: a later `setProcessors([...])` (the
 * SDK's import installing OpenAI's exporter, or the app) gets ours appended.
 */
function install(mod: AgentsTracingModule, provider: AgentsTraceProvider, settings: LiveSettings): Installation {
  const processor = new NoveumAgentsProcessor(settings);
  const original = provider.setProcessors;
  const keepOurs = function (this: unknown, processors: AgentsTracingProcessor[]): void {
    const list = Array.isArray(processors) && !processors.includes(processor) ? [...processors, processor] : processors;
    original.call(this, list);
  };
  provider.setProcessors = keepOurs;
  provider.registerProcessor(processor);
  warnIfTracingOff(provider);
  const removeSource = addExternalScopeSource((active) => {
    try {
      const current = mod.getCurrentSpan();
      return current === null || current === undefined ? undefined : processor.scopeOf(current, active);
    } catch (error) {
      reportInternalError('openai-agents.scope', error);
      return undefined;
    }
  });
  const installation: Installation = {
    processor,
    setProcessors: (list) => original.call(provider, list),
    refs: 0,
    remove() {
      // The processor cannot be taken out of the SDK's list (it is private): it goes quiet instead.
      processor.stop();
      removeSource();
      if (provider.setProcessors === keepOurs) delete (provider as Partial<AgentsTraceProvider>).setProcessors;
      installations.delete(provider);
    },
  };
  installations.set(provider, installation);
  return installation;
}

/** The installation on the module's provider (created once per provider), counted per copy and spec. */
function acquire(root: object, settings: LiveSettings): { installation: Installation; release: () => void } {
  const mod = root as AgentsTracingModule;
  const provider = mod.getGlobalTraceProvider();
  let installation = installations.get(provider);
  // After `uninstrument` (or a new method selection) the old one is gone: a fresh processor.
  if (installation === undefined) installation = install(mod, provider, settings);
  const held = installation;
  held.refs++;
  return {
    installation: held,
    release: () => {
      if (--held.refs === 0) held.remove();
    },
  };
}

const ADD_PROCESSOR: InstallSpec<OpenAIAgentsOperation> = {
  kind: 'install',
  operation: 'add-processor',
  install: (root, settings) => acquire(root, settings).release,
};

const REPLACE_PROCESSORS: InstallSpec<OpenAIAgentsOperation> = {
  kind: 'install',
  operation: 'replace-processors',
  install(root, settings) {
    const { installation, release } = acquire(root, settings);
    // Run for each copy as it loads: the umbrella package's import installs OpenAI's exporter
    // after agents-core has loaded, and this drops it again.
    installation.setProcessors([installation.processor]);
    return release;
  },
};

/** What `autoInstrument('openai-agents', { methods })` selects; both by default. */
export const OPENAI_AGENTS_METHODS = {
  'add-processor': ADD_PROCESSOR,
  'replace-processors': REPLACE_PROCESSORS,
} as const satisfies MethodRegistry<OpenAIAgentsOperation>;

/** The definition the generic patcher, hooks and `instrument()` use. */
export const OPENAI_AGENTS_DEFINITION: LibraryDefinition = {
  name: 'openai-agents',
  moduleNames: OPENAI_AGENTS_MODULES,
  supportedVersions: OPENAI_AGENTS_SUPPORTED_VERSIONS,
  methods: OPENAI_AGENTS_METHODS,
  aliases: {},
  resolveRoot: resolveAgentsModule,
  // Install specs only: nothing of the library is wrapped.
  wrap: (original) => original,
};
