import { Attribute, Change } from 'ldapts';
import type { Client } from 'ldapts';
import { TENANT_ID } from './bot-harness';
import type { HarnessUser } from './bot-harness';
import type { ConnectorServer } from './connector-server';
import { FIX_GROUP_DN, fixTargetDn, requiredEnv } from './fix-targets';

/** A fresh sMSA `account` in the fix-targets container, a direct member of Fix Tier0 Ops (as Administrator). */
export async function seedFixTarget(admin: Client, account: string, description: string): Promise<void> {
  const dn = fixTargetDn(account);
  await admin.del(dn).catch(() => undefined);
  await admin.add(dn, {
    objectClass: 'msDS-ManagedServiceAccount',
    sAMAccountName: `${account}$`,
    userAccountControl: '4096',
    'msDS-SupportedEncryptionTypes': '28',
    description,
  });
  await admin.modify(FIX_GROUP_DN, [
    new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn] }) }),
  ]);
}

/** Teams members the connector answers `getMember` with: each person and their UPN, in the test tenant. */
export function registerMembers(
  connector: ConnectorServer,
  people: ReadonlyArray<readonly [HarnessUser, string]>,
): void {
  for (const [p, upn] of people) {
    connector.setMember({
      id: p.id,
      name: p.name,
      userPrincipalName: upn,
      aadObjectId: p.aadObjectId,
      tenantId: TENANT_ID,
    });
  }
}

/** The test run's environment with roles from the test DC's AD groups (never open mode), in the test tenant. */
export function adGroupAccessEnv(): Record<string, string | undefined> {
  const config: Record<string, string | undefined> = {
    ...process.env,
    ACCESS_READERS_GROUP: 'msa-warden-readers',
    ACCESS_APPROVERS_GROUP: `CN=msa-warden-approvers,OU=Groups,${requiredEnv('LDAP_BASE_DN')}`,
    ALLOWED_TENANT_IDS: TENANT_ID,
  };
  delete config.ACCESS_OPEN;
  return config;
}
