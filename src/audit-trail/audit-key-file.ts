import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditKey } from './audit-hash';

/** The generated key's file name, beside the anchor file. */
export const GENERATED_KEY_FILE = 'msa-warden.audit-hmac.key';

/**
 * The trail's HMAC key: AUDIT_HMAC_KEY when set; otherwise (anonymous mode only: the demo, local
 * tests) a random key generated once and kept, readable by the owner only, beside the anchor file, so
 * the trail still verifies after a restart.
 */
export function resolveAuditKey(hmacKey: string | null, anchorPath: string | null): AuditKey {
  if (hmacKey !== null) return Buffer.from(hmacKey, 'utf8');
  // an in-memory trail: a key for this process only
  if (anchorPath === null) return randomBytes(32);
  const file = join(dirname(anchorPath), GENERATED_KEY_FILE);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  // 'wx': two processes starting together never overwrite each other's key
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
}
