import { readFileSync } from 'node:fs';

/**
 * The fix-target accounts (test/fixtures/directory/70-fix-targets.ldif, 71-…): a container in the
 * Configuration partition, so domain-wide searches in other tests never see them.
 */

/** A setting the integration globalSetup writes from the DC's dc.env. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set (integration globalSetup)`);
  return value;
}

export const FIX_TARGETS_DN = `CN=msa-warden-fix-targets,CN=Configuration,${requiredEnv('LDAP_BASE_DN')}`;

/** The DN of a fix-target object by its CN. */
export const fixTargetDn = (name: string): string => `CN=${name},${FIX_TARGETS_DN}`;

/** The group the fix-target sMSAs sit in directly. */
export const FIX_GROUP_DN = fixTargetDn('Fix Tier0 Ops');

/** The test DC's CA certificate (PEM). */
export const testCaPem = (): string => readFileSync(requiredEnv('LDAP_CA_CERT'), 'utf8');
