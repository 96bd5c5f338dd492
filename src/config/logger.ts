import pino from 'pino';
import { REDACTED, redactSecrets, redactText } from '../domain/redact-secrets';
import type { LogLevel } from './config';
import { currentLogRef } from './log-context';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** a logger that adds `fields` to every line */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** where lines go (one JSON object each, without the newline); stdout by default */
  write?: (line: string) => void;
  clock?: () => Date;
}

/**
 * Well-known places of secrets, masked by pino itself; everything else (any key named like a secret,
 * secrets inside text) by the shared redaction module before a line is written.
 */
const SECRET_NAMES = [
  'password',
  'bindPassword',
  'appPassword',
  'MicrosoftAppPassword',
  'clientSecret',
  'token',
  'accessToken',
  'authorization',
  'Authorization',
  'cookie',
];
const REDACT_PATHS = [
  ...SECRET_NAMES.flatMap((name) => [name, `*.${name}`]),
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** JSON lines (pino) with time, level, msg and the fields; secrets masked. */
export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock ?? (() => new Date());
  const destination =
    options.write === undefined
      ? // synchronous: a line logged just before process.exit is not lost
        pino.destination({ dest: 1, sync: true })
      : { write: (line: string) => options.write?.(line.endsWith('\n') ? line.slice(0, -1) : line) };
  const base = pino(
    {
      level: options.level,
      base: null,
      messageKey: 'msg',
      // the turn's correlation id on every line written while a turn is served, whoever logs it
      mixin: () => {
        const ref = currentLogRef();
        return ref === undefined ? {} : { ref };
      },
      timestamp: () => `,"time":"${clock().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactSecrets(bindings),
        log: (fields) => redactSecrets(fields),
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
  return wrap(base);
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (message, fields) => log.debug(fields ?? {}, redactText(message)),
    info: (message, fields) => log.info(fields ?? {}, redactText(message)),
    warn: (message, fields) => log.warn(fields ?? {}, redactText(message)),
    error: (message, fields) => log.error(fields ?? {}, redactText(message)),
    child: (fields) => wrap(log.child(fields)),
  };
}

/** For tests and tools that must not print. */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => undefined });
