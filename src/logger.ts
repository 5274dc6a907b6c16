import type { LogLevel } from './config';

/**
 * A tiny structured logger: one JSON object per line. Fields carry ids, counts and causes, never the
 * user's words (log `textLength`, not `text`).
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

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const defaultSink: LogSink = (line, level) => {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n');
};

/** Errors as plain data (name, message, stack, cause chain); JSON.stringify drops Error fields otherwise. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'object' ? err : String(err);
  const out: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack };
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

function toJson(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, (_k, v: unknown) => (v instanceof Error ? serializeError(v) : v));
  } catch {
    return JSON.stringify({ time: record.time, level: record.level, msg: record.msg, note: 'fields not serialisable' });
  }
}

/** Creates a logger that writes lines at `level` and above to `sink`. */
export function createLogger(level: LogLevel = 'info', sink: LogSink = defaultSink, base: LogFields = {}): Logger {
  const threshold = RANK[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (RANK[lvl] < threshold) return;
    sink(toJson({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields }), lvl);
  };
  return {
    level,
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }),
  };
}

/** A logger that keeps its lines in memory, for tests. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}
