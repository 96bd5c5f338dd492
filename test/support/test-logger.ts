import { createLogger } from '../../src/config/logger';
import type { Logger } from '../../src/config/logger';
import { captureOutput } from './test-output.cjs';

/**
 * The bot's real JSON logger at debug level, its lines captured for the end-of-run secrets scan
 * instead of printed (test-output.cjs). Use it where a test would pass silentLogger to a bot.
 */
export function testLogger(source = 'bot-log'): Logger {
  return createLogger({ level: 'debug', write: (line) => captureOutput(source, line) });
}
