import pino from 'pino';
import type { LogLevel } from './config';

/**
 * Structured logging on pino: one JSON object per line (`time`, `level`, `msg`, fields). Fields carry
 * ids, counts and causes, never what people wrote; that is enforced by configuration, not habit: the
 * keys below are redacted wherever they appear (top level or up to three objects deep), so a turn's text
 * passed by mistake as `text`, `activity.text` or a card `value` prints as "[redacted]".
 */
export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export type LogFields = Record<string, unknown>;

/** Where lines go: by default info/debug to stdout, warn/error to stderr. */
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

/** Keys that hold what people wrote (message text, card data, request bodies). */
export const TEXT_KEYS = ['text', 'utterance', 'displayText', 'speak', 'value', 'body', 'activities', 'transcript'] as const;

/** Keys that hold secrets (the config's and the HTTP layer's). */
export const SECRET_KEYS = [
  'password',
  'microsoftAppPassword',
  'MicrosoftAppPassword',
  'directLineSecret',
  'DIRECT_LINE_SECRET',
  'storageConnectionString',
  'STORAGE_CONNECTION_STRING',
  'connectionString',
  'authorization',
  'token',
  'secret',
] as const;

/** pino redaction paths: every key of {@link TEXT_KEYS} and {@link SECRET_KEYS}, at the top level and up to three levels down. */
export const REDACT_PATHS: string[] = [...TEXT_KEYS, ...SECRET_KEYS].flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export const REDACTED = '[redacted]';

/** Errors as plain data (name, message, stack, cause chain); JSON drops Error fields otherwise. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'object' ? err : String(err);
  const out: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack };
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

const errorSerializer = (value: unknown) => serializeError(value);

function destination(sink: LogSink | undefined): pino.DestinationStream {
  if (sink) {
    return {
      write(line: string) {
        const level = /"level":"(debug|info|warn|error)"/.exec(line)?.[1] as Exclude<LogLevel, 'silent'> | undefined;
        sink(line.endsWith('\n') ? line.slice(0, -1) : line, level ?? 'info');
      },
    };
  }
  // Synchronous, so the last lines before process.exit (shutdown, start-up failure) are not lost.
  return pino.multistream(
    [
      { level: 'debug', stream: pino.destination({ dest: 1, sync: true }) },
      { level: 'warn', stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
}

function wrap(log: pino.Logger, level: LogLevel): Logger {
  const at = (method: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: LogFields) => {
    if (fields) log[method](fields, msg);
    else log[method](msg);
  };
  return {
    level,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(log.child(fields), level),
  };
}

/** Creates a logger that writes lines at `level` and above to `sink` (default: stdout and stderr). */
export function createLogger(level: LogLevel = 'info', sink?: LogSink, base: LogFields = {}): Logger {
  const log = pino(
    {
      level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: errorSerializer, err: errorSerializer, cause: errorSerializer },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination(sink),
  );
  return wrap(Object.keys(base).length > 0 ? log.child(base) : log, level);
}

/** A logger that keeps its lines in memory, for tests. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
