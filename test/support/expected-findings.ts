import { readFileSync } from 'node:fs';
import path from 'node:path';
import { equals } from '../../src/directory/filters';
import type { LdapDirectory } from '../../src/directory/ldap-directory';
import { sidToString } from '../../src/directory/sid';

/**
 * test/fixtures/directory/expected-findings.json: what the audit must find on the seeded Samba DC, read
 * by the audit's integration test and the bot's end-to-end test alike.
 */
export interface ExpectedFindings {
  clockDaysAfterSeeding: number;
  findings: Array<{ checkId: string; account: string; detail: string }>;
  privileged: Array<{ account: string; chain: string }>;
}

export const expected = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'directory', 'expected-findings.json'), 'utf8'),
) as ExpectedFindings;

export const DAY_MS = 86_400_000;

/**
 * The audit's clock: svc_sql01's pwdLastSet plus clockDaysAfterSeeding. pwdLastSet can only be stamped
 * "now" on Samba, so the clock is set relative to the seeding instead.
 */
export async function seededNow(directory: LdapDirectory): Promise<Date> {
  const seeded = (await directory.findServiceAccount('svc_sql01'))?.passwordLastSetAt;
  if (!seeded) throw new Error('svc_sql01 has no pwdLastSet: the fixtures are not seeded');
  return new Date(seeded.getTime() + expected.clockDaysAfterSeeding * DAY_MS);
}

/** `{sid:NAME}` → the objectSid of the object with that sAMAccountName, read as the bot. */
export async function resolveSids(directory: LdapDirectory, detail: string): Promise<string> {
  let out = detail;
  for (const [placeholder, name] of detail.matchAll(/\{sid:([^}]+)\}/g)) {
    const [entry] = await directory.searchEntries({
      baseDn: directory.baseDn,
      scope: 'sub',
      filter: equals('sAMAccountName', name ?? ''),
      attributes: ['objectSid'],
      binaryAttributes: ['objectSid'],
    });
    const sid = entry?.buffer('objectSid');
    if (!sid) throw new Error(`expected-findings.json names ${name}, which the directory does not have`);
    out = out.replace(placeholder, sidToString(sid));
  }
  return out;
}
