/**
 * The one place that writes to the console on the SDK's own behalf.
 *
 * Level methods below the threshold are the shared `noop`, chosen once in
 * `setDiagLevel`, so a disabled `diag.debug(...)` costs one call and nothing else.
 */

export type DiagLevel = 'none' | 'error' | 'warn' | 'info' | 'debug' | 'verbose';

type LogFn = (message: string, ...args: unknown[]) => void;

export interface DiagLogger {
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  verbose: LogFn;
}

const LEVELS: Readonly<Record<DiagLevel, number>> = {
  none: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  verbose: 5,
};

const PREFIX = '[noveum-trace]';

const noop: LogFn = () => {};

/** Secrets registered at `init()` (the API key), masked wherever they appear. */
const secrets = new Set<string>();

const SECRET_PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(sk-(?:proj-|ant-)?)[A-Za-z0-9_-]{8,}/g,
  /("?(?:api[_-]?key|authorization|x-api-key)"?\s*[:=]\s*"?)[^"\s,}]{4,}/gi,
];

// A message that quotes a value cut short ("…") may hold only the start of a secret.
const MIN_SECRET_PREFIX = 8;

/** Masks `secret` and any cut copy of it (a run of at least MIN_SECRET_PREFIX of its first characters). */
function maskSecret(text: string, secret: string): string {
  if (secret.length < MIN_SECRET_PREFIX) return secret.length >= 4 ? text.split(secret).join('***') : text;
  const head = secret.slice(0, MIN_SECRET_PREFIX);
  let at = text.indexOf(head);
  if (at === -1) return text;
  let out = '';
  let last = 0;
  while (at !== -1) {
    let end = at + MIN_SECRET_PREFIX;
    while (end < text.length && end - at < secret.length && text[end] === secret[end - at]) end++;
    out += text.slice(last, at) + '***';
    last = end;
    at = text.indexOf(head, end);
  }
  return out + text.slice(last);
}

/** Removes API keys (whole or cut) and bearer tokens from a log line before it is printed. */
export function maskSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = maskSecret(out, secret);
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '$1***');
  return out;
}

/** Registers a value that must never be printed (the API key). */
export function registerSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length > 0) secrets.add(secret);
}

/** True at `debug` and `verbose`: only then do lines carry stacks and keep their line breaks. */
let detailed = false;

function formatArg(arg: unknown): string {
  if (arg instanceof Error) return (detailed ? arg.stack : undefined) ?? `${arg.name}: ${arg.message}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

type Sink = (line: string) => void;

// The console is the default sink; tests and users may route lines elsewhere.
let sink: Sink = (line) => {
  console.error(line);
};

// A backstop for lines that quote user input without `quote()`: one warning must never be megabytes.
const MAX_LINE_CHARS = 8_000;

function capLine(line: string): string {
  return line.length <= MAX_LINE_CHARS ? line : `${line.slice(0, MAX_LINE_CHARS)}… [${line.length} chars, cut]`;
}

function makeLogFn(level: Exclude<DiagLevel, 'none'>): LogFn {
  return (message, ...args) => {
    try {
      const rest = args.length > 0 ? ' ' + args.map(formatArg).join(' ') : '';
      const line = capLine(`${PREFIX} ${level}: ${message}${rest}`);
      // One line per message, so a log collector sees one record (an error message may span lines).
      sink(maskSecrets(detailed ? line : line.replace(/\s*[\r\n]+\s*/g, ' ')));
    } catch {
      // A logger that throws would break the host; drop the line instead.
    }
  };
}

const writers: Readonly<Record<Exclude<DiagLevel, 'none'>, LogFn>> = {
  error: makeLogFn('error'),
  warn: makeLogFn('warn'),
  info: makeLogFn('info'),
  debug: makeLogFn('debug'),
  verbose: makeLogFn('verbose'),
};

/** The SDK's logger. Warnings are on by default; debug lines need `debug: true` or `NOVEUM_DEBUG`. */
export const diag: DiagLogger = {
  error: writers.error,
  warn: writers.warn,
  info: noop,
  debug: noop,
  verbose: noop,
};

let currentLevel: DiagLevel = 'warn';

/** Chooses, once, which level methods print and which are no-ops. */
export function setDiagLevel(level: DiagLevel): void {
  currentLevel = level;
  const threshold = LEVELS[level];
  detailed = threshold >= LEVELS.debug;
  for (const name of ['error', 'warn', 'info', 'debug', 'verbose'] as const) {
    diag[name] = LEVELS[name] <= threshold ? writers[name] : noop;
  }
}

export function getDiagLevel(): DiagLevel {
  return currentLevel;
}

/** Routes diagnostic lines to `fn` instead of stderr; returns a function that restores the previous sink. */
export function setDiagSink(fn: Sink): () => void {
  const previous = sink;
  sink = fn;
  return () => {
    sink = previous;
  };
}

/**
 * A user-supplied value as a warning quotes it: JSON text for strings, `typeof` words for
 * objects and functions (reading them may throw), cut at `max` characters with a marker
 * giving the full length, so a 1 MB id cannot become a 1 MB log line. Never throws.
 */
export function quote(value: unknown, max = 200): string {
  let text: string;
  try {
    if (typeof value === 'string') text = JSON.stringify(value);
    else if (typeof value === 'symbol') text = value.toString();
    else if (value === null || (typeof value !== 'object' && typeof value !== 'function')) text = String(value);
    else text = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : 'a function';
  } catch {
    text = `a ${typeof value}`;
  }
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length} chars]`;
}

// Bounded, so a loop warning about ever-new values cannot grow memory: past the bound it stays quiet.
const MAX_WARNED_KEYS = 1_000;
const warnedKeys = new Set<string>();

/** Warns once per key for the life of the process. */
export function warnOnce(key: string, message: string, ...args: unknown[]): void {
  const k = key.length > 300 ? key.slice(0, 300) : key;
  if (warnedKeys.has(k) || warnedKeys.size >= MAX_WARNED_KEYS) return;
  warnedKeys.add(k);
  diag.warn(message, ...args);
}

const warnedCounts = new Map<string, number>();

/**
 * Warns the first `limit` times per key, then stays quiet (the caller keeps counting): a loop
 * that repeats one misuse must not flood the log. The last printed warning says so.
 */
export function warnLimited(key: string, limit: number, message: string): void {
  const n = (warnedCounts.get(key) ?? 0) + 1;
  if (n > limit) return;
  warnedCounts.set(key, n);
  diag.warn(
    n === limit ? `${message} (further warnings like this are not printed; getDiagnostics() counts them)` : message
  );
}

/**
 * Prints a notice the user should see once, such as where traces are being written,
 * at every level except `none` (it is information, not a warning).
 */
export function announce(message: string): void {
  if (currentLevel !== 'none') writers.info(message);
}

export function isDiagLevel(value: unknown): value is DiagLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LEVELS, value);
}
