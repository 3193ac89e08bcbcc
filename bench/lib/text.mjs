// Fixture text with the entropy of real prompts: prose from a few hundred words plus code-like
// lines (identifiers, numbers, quotes, braces, newlines), drawn from a seeded PRNG so every run
// and every SDK gets the same bytes. A repeating word cycle would gzip ~150×, making every
// exporter look cheaper than in real use; real prose and code gzip about 2–3×.
import { gzipSync } from 'node:zlib';

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is that for it as with was on be by this are at from or an have not which but ' +
  'they you all were their can has one there more will been would if so about what when some into ' +
  'than its only other time could these may first then two any new like also used after most over ' +
  'such where between through each both under while should because well does during before without ' +
  'model prompt answer question context document retrieval search index vector embedding token ' +
  'request response server client latency cache memory budget export trace span agent tool call ' +
  'function result error retry timeout queue batch stream chunk message user system assistant ' +
  'customer order invoice payment account shipping address refund policy product price discount ' +
  'report summary analysis revenue quarter growth market region team project deadline release ' +
  'database table column query schema migration record field value number string object array ' +
  'please explain describe compare summarise translate classify extract rewrite list check verify ' +
  'important relevant specific general recent previous current following available possible ' +
  'however therefore although instead meanwhile finally usually probably clearly quickly ' +
  'weather city river mountain history science music language school hospital garden kitchen'
).split(' ');

const CODE = [
  'const',
  'let',
  'return',
  'await',
  'if',
  'else',
  'for',
  'function',
  'async',
  'import',
  'export',
  'new',
  'null',
  'true',
  'false',
  'this',
  'typeof',
  'throw',
];
const SYLLABLES = ['get', 'set', 'user', 'item', 'list', 'map', 'id', 'data', 'req', 'res', 'buf', 'cfg', 'ctx'];

function identifier(rand) {
  let id = SYLLABLES[(rand() * SYLLABLES.length) | 0];
  const parts = 1 + ((rand() * 2) | 0);
  for (let i = 0; i < parts; i++) {
    const s = SYLLABLES[(rand() * SYLLABLES.length) | 0];
    id += s[0].toUpperCase() + s.slice(1);
  }
  return rand() < 0.3 ? `${id}${(rand() * 100) | 0}` : id;
}

function sentence(rand) {
  const n = 6 + ((rand() * 14) | 0);
  const words = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.06) words.push(String((rand() * 10_000) | 0));
    else if (r < 0.1) words.push(identifier(rand));
    else words.push(WORDS[(rand() * WORDS.length) | 0]);
  }
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  if (rand() < 0.2) words[(n / 2) | 0] += ',';
  return `${words.join(' ')}${rand() < 0.85 ? '.' : '?'}`;
}

function codeLine(rand) {
  const kw = CODE[(rand() * CODE.length) | 0];
  const a = identifier(rand);
  const b = identifier(rand);
  const r = rand();
  if (r < 0.3) return `  ${kw} ${a} = ${b}(${(rand() * 1000) | 0}, "${WORDS[(rand() * WORDS.length) | 0]}");`;
  if (r < 0.6) return `  ${a}.${b} = { "${identifier(rand)}": ${(rand() * 1e6) | 0}, ok: ${rand() < 0.5} };`;
  return `  ${kw} (${a} !== ${b}) { ${identifier(rand)}(${a}); }`;
}

/**
 * About `bytes` characters of mixed prose and code, deterministic for a given seed: mostly
 * paragraphs, with a code block (newlines, quotes, braces) every few paragraphs, as in prompts
 * that paste code or data.
 */
export function makeText(bytes, seed = 1) {
  const rand = seededRandom(seed);
  const parts = [];
  let length = 0;
  while (length < bytes) {
    let block;
    if (rand() < 0.25) {
      const lines = 3 + ((rand() * 6) | 0);
      block = `\`\`\`js\n${Array.from({ length: lines }, () => codeLine(rand)).join('\n')}\n\`\`\``;
    } else {
      const n = 2 + ((rand() * 4) | 0);
      block = Array.from({ length: n }, () => sentence(rand)).join(' ');
    }
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join('\n\n').slice(0, bytes);
}

/** Raw size over gzip size (default level): ~2–3 for real prose and code. */
export function gzipRatio(text) {
  const raw = Buffer.from(text);
  return raw.length / gzipSync(raw).length;
}
