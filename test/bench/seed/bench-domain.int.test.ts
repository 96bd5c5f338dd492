/**
 * The bench's generator at ~200 objects: the shared test DC accepts every change it makes, and
 * msa-warden's answers (hosts' sMSAs, privileged memberships) equal its ground truth. It writes under
 * CN=Configuration, which the other tests' searches of the domain never enter.
 */
import { readFileSync } from 'node:fs';
import { defaultAuditConfig } from '../../../src/domain/audit-config';
import { LdapDirectory } from '../../../src/directory/ldap-directory';
import {
  OWN_PRIVILEGED_NAMES,
  SMOKE_ROOT,
  SMOKE_SIZE,
  generateBenchDomain,
} from '../../../bench/seed/bench-domain';
import { checkGroundTruth } from '../../../bench/seed/check-ground-truth';
import { deleteTree, loadStages, readGroupSids, type AdminConnection } from '../../../bench/seed/ldap-loader';
import { testDirectoryOptions } from '../../support/dc';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set (integration globalSetup)`);
  return value;
};

jest.setTimeout(120_000);

test('the generated small domain loads into Samba and the answers equal its ground truth', async () => {
  const admin: AdminConnection = {
    url: env('LDAP_URL').split(',')[0]!,
    bindDn: env('LDAP_ADMIN_BIND_DN'),
    bindPassword: env('LDAP_ADMIN_BIND_PASSWORD'),
    caPem: readFileSync(env('LDAP_CA_CERT'), 'utf8'),
  };
  const domain = generateBenchDomain({ size: SMOKE_SIZE, root: SMOKE_ROOT, privileged: 'own' });
  await deleteTree(admin, SMOKE_ROOT); // a run that stopped half-way
  const directory = new LdapDirectory(testDirectoryOptions({ baseDn: SMOKE_ROOT }));
  try {
    await loadStages(admin, domain.stages, 2);
    const sids = await readGroupSids(admin, SMOKE_ROOT, domain.readerGroupDns);
    await loadStages(
      admin,
      domain.gmsaStages((dn) => sids.get(dn.toLowerCase()) ?? ''),
      2,
    );

    const result = await checkGroundTruth(directory, domain.groundTruth, {
      rootDn: SMOKE_ROOT,
      config: {
        ...defaultAuditConfig,
        extraPrivilegedGroups: [...defaultAuditConfig.extraPrivilegedGroups, ...OWN_PRIVILEGED_NAMES],
      },
      hostSample: SMOKE_SIZE.computers,
    });
    expect(result.mismatches).toEqual([]);
    expect(result.hostsChecked).toBe(SMOKE_SIZE.computers);
    expect(Object.keys(domain.groundTruth.hosts).length).toBeGreaterThan(5);
    expect(result.privilegedAccounts).toBe(Object.keys(domain.groundTruth.privileged).length);
    expect(result.privilegedAccounts).toBeGreaterThan(0);
  } finally {
    await directory.close();
    await deleteTree(admin, SMOKE_ROOT);
  }
});
