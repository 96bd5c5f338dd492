import { assertValidCron } from '../domain/digest-schedule';
import { canonicalTimeZone } from '../domain/parse-schedule';
import type { DigestSettings } from './config';
import { ConfigError } from './config-error';

export const DIGEST_DEFAULTS = { DIGEST_CRON: '0 8 * * 1-5', DIGEST_TIMEZONE: 'UTC' } as const;

type Env = NodeJS.ProcessEnv | Record<string, string | undefined>;

function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** DIGEST_CONVERSATION_ID, DIGEST_CRON, DIGEST_TIMEZONE; values are not quoted back in errors. */
export function loadDigest(env: Env): DigestSettings {
  const zoneText = readVar(env, 'DIGEST_TIMEZONE');
  const timeZone = zoneText === undefined ? DIGEST_DEFAULTS.DIGEST_TIMEZONE : canonicalTimeZone(zoneText);
  if (timeZone === null)
    throw new ConfigError(
      'DIGEST_TIMEZONE',
      'malformed',
      'DIGEST_TIMEZONE is not valid: expected an IANA time zone such as Europe/Berlin or UTC.',
    );
  const cron = readVar(env, 'DIGEST_CRON') ?? DIGEST_DEFAULTS.DIGEST_CRON;
  const fields = cron.split(' ').filter((field) => field !== '');
  let valid = fields.length === 5 && cron.length <= 100;
  if (valid) {
    try {
      assertValidCron(fields.join(' '), timeZone);
    } catch {
      valid = false;
    }
  }
  if (!valid)
    throw new ConfigError(
      'DIGEST_CRON',
      'malformed',
      'DIGEST_CRON is not valid: expected five cron fields (minute hour day-of-month month day-of-week), e.g. 0 8 * * 1-5.',
    );
  const conversationId = readVar(env, 'DIGEST_CONVERSATION_ID') ?? null;
  if (conversationId !== null && conversationId.length > 512)
    throw new ConfigError(
      'DIGEST_CONVERSATION_ID',
      'malformed',
      'DIGEST_CONVERSATION_ID is not valid: expected a Teams conversation id such as 19:…@thread.tacv2.',
    );
  return { conversationId, cron: fields.join(' '), timeZone };
}
