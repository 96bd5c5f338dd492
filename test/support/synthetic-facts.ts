import type { AccountFacts, GroupMembership } from '../../src/domain/audit-facts';
import { BASE_DN, DOMAIN, buildFacts } from '../audit/support/facts-fixture';

const OPS = {
  distinguishedName: `CN=Tier0 Service Ops,OU=Groups,${BASE_DN}`,
  name: 'Tier0 Service Ops',
  sid: `${DOMAIN}-3101`,
};
const ADMINISTRATORS = {
  distinguishedName: `CN=Administrators,CN=Builtin,${BASE_DN}`,
  name: 'Administrators',
  sid: 'S-1-5-32-544',
};
/** svc → Tier0 Service Ops → Administrators */
const TIER0: GroupMembership[] = [
  { group: OPS, via: [] },
  { group: ADMINISTRATORS, via: [OPS] },
];

/**
 * `count` accounts with a spread of problems (about 5 findings each: no owner on all, then weak
 * encryption, unconstrained delegation, nested Administrators, overdue password, stale logon by turns),
 * for paging tests and the bench. Every account has its own SID and GUID, so finding keys are unique.
 */
export function syntheticFacts(count: number, now: Date): AccountFacts[] {
  const facts: AccountFacts[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, '0');
    facts.push(
      buildFacts(
        {
          account: {
            name: `svc_${n}`,
            sid: `${DOMAIN}-${100_000 + i}`,
            guid: `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
            description: null,
            managedBy: null,
            supportedEncryptionTypes: i % 2 === 0 ? 4 : 24,
            trustedForDelegation: i % 3 === 0,
            trustedToAuthForDelegation: false,
            notDelegated: false,
            useDesKeyOnly: false,
            passwordLastSetAt: i % 4 === 0 ? '-120d' : '-5d',
            lastLogonAt: i % 5 === 0 ? '-200d' : '-1d',
            servicePrincipalNames: [`HTTP/svc-${n}.corp.example.test`, `HTTP/svc-${n}`],
          },
          memberships: i % 6 === 0 ? TIER0 : [],
        },
        now,
      ),
    );
  }
  return facts;
}
