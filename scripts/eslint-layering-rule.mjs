// ESLint rule that enforces the folder layering of src/ (HOUSE_STYLE rules 2 and 3).
// It resolves each relative import against the importing file, so `../api/x.js` and
// `../../api/x.js` are judged by the folder they reach, not by how the string looks —
// which plain `no-restricted-imports` string patterns cannot do for files at different depths.
import path from 'node:path';

/** Rank of each top-level src/ folder: a folder may import folders of a LOWER rank, and itself. */
export const LAYER_RANK = {
  internal: 0,
  diag: 0,
  core: 1,
  context: 2,
  sampling: 2,
  redact: 2,
  export: 3,
  propagation: 3,
  api: 4,
  decorators: 5,
  proxy: 5,
  instrumentation: 5,
  discovery: 6,
  cli: 7,
  // The local trace viewer: a separate entry point (the `bin`) that reads trace files, not the SDK.
  viewer: 7,
  middleware: 7,
};

/**
 * Same-rank imports that are allowed (importer → importees). Everything else at the same rank is
 * refused, so each new sideways edge is a visible edit here. diag and internal are one layer.
 * proxy and instrumentation share the GenAI attribute mapping (instrumentation/genai) and the
 * promise/stream preservers (proxy/); dpdm still refuses a cycle between them.
 */
export const SAME_RANK_ALLOWED = {
  diag: ['internal'],
  internal: [],
  proxy: ['instrumentation/genai'],
  instrumentation: ['proxy'],
};

/** The GenAI folder shared by every instrumentation/<lib>; never imports a lib folder. */
const SHARED_INSTRUMENTATION = 'genai';

function locate(srcDir, file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length === 1) return { folder: '<root>', sub: undefined, rel };
  return { folder: parts[0], sub: parts.length > 2 ? parts[1] : undefined, rel };
}

function checkInstrumentationPeers(from, to) {
  if (from.folder !== 'instrumentation' || to.folder !== 'instrumentation') return undefined;
  if (from.sub === undefined || to.sub === undefined || from.sub === to.sub) return undefined;
  if (to.sub === SHARED_INSTRUMENTATION && from.sub !== SHARED_INSTRUMENTATION) return undefined;
  return `src/instrumentation/${from.sub} must not import src/instrumentation/${to.sub}; share code through src/instrumentation/${SHARED_INSTRUMENTATION}/`;
}

function sameRankAllowed(from, to) {
  const allowed = SAME_RANK_ALLOWED[from.folder] ?? [];
  return allowed.some((a) => {
    const [folder, sub] = a.split('/');
    return folder === to.folder && (sub === undefined || sub === to.sub);
  });
}

/** Returns a message if `from` may not import `to`, otherwise undefined. */
export function layeringViolation(from, to) {
  if (from.folder === '<root>') return undefined;
  if (from.folder === 'cli') {
    if (to.folder === 'cli' || to.rel === 'index.ts') return undefined;
    return `src/cli may import only the public surface (../index.js), not src/${to.rel.replaceAll(path.sep, '/')}`;
  }
  if (from.folder === 'middleware') {
    // Shared state (client, context, counters) only through the public entry; the rest is bundled per entry.
    if (to.rel === 'index.ts' || ['middleware', 'diag', 'internal'].includes(to.folder)) return undefined;
    return `src/middleware may import the public surface (../index.js), diag and internal only, not src/${to.rel.replaceAll(path.sep, '/')}`;
  }
  if (to.folder === '<root>') return `src/${from.folder} must not import the package entry src/${to.rel}`;
  if (from.folder === to.folder) return checkInstrumentationPeers(from, to);
  const fromRank = LAYER_RANK[from.folder];
  const toRank = LAYER_RANK[to.folder];
  if (fromRank === undefined) return `src/${from.folder} is not in the layer table (scripts/eslint-layering-rule.mjs)`;
  if (toRank === undefined) return `src/${to.folder} is not in the layer table (scripts/eslint-layering-rule.mjs)`;
  if (toRank < fromRank) return undefined;
  if (toRank === fromRank && sameRankAllowed(from, to)) return undefined;
  return `src/${from.folder} must not import src/${to.folder} (layers: internal, diag → core → context, sampling, redact → export → api → decorators, proxy, instrumentation → discovery → index.ts, cli)`;
}

function resolveTarget(file, spec) {
  const base = path.resolve(path.dirname(file), spec);
  // NodeNext imports name the emitted .js file; the source is the .ts next to it.
  return base.replace(/\.(m|c)?js$/, '.$1ts');
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the one-way dependency direction between src/ folders' },
    schema: [{ type: 'object', properties: { srcDir: { type: 'string' } }, additionalProperties: false }],
  },
  create(context) {
    const srcDir = path.resolve(context.cwd, context.options[0]?.srcDir ?? 'src');
    const from = locate(srcDir, context.filename);
    if (from === undefined) return {};
    function check(node, source) {
      if (source === null || source === undefined || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const to = locate(srcDir, resolveTarget(context.filename, spec));
      if (to === undefined) {
        context.report({ node: source, message: `import '${spec}' leaves src/` });
        return;
      }
      const message = layeringViolation(from, to);
      if (message !== undefined) context.report({ node: source, message });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export const layeringPlugin = { meta: { name: 'noveum-layering' }, rules: { layering: layeringRule } };
