import { defaultAuditConfig } from '../../src/domain/audit-config';
import {
  isExpectedTrustee,
  isPrivilegedGroup,
  isPrivilegedPrincipal,
  isPrivilegedSid,
} from '../../src/audit/privileged-groups';
import { domainRidOf, domainSidOf, wellKnownSidName } from '../../src/domain/well-known-sids';
import { buildFacts, DOMAIN, principal } from './support/facts-fixture';

const config = defaultAuditConfig;

describe('privileged groups', () => {
  it.each([
    ['S-1-5-32-544', true],
    ['S-1-5-32-548', true],
    ['S-1-5-32-549', true],
    ['S-1-5-32-550', true],
    ['S-1-5-32-551', true],
    ['S-1-5-32-545', false],
    [`${DOMAIN}-512`, true],
    [`${DOMAIN}-518`, true],
    [`${DOMAIN}-519`, true],
    [`${DOMAIN}-520`, true],
    [`${DOMAIN}-526`, true],
    [`${DOMAIN}-527`, true],
    [`${DOMAIN}-513`, false],
    [`${DOMAIN}-515`, false],
    [`${DOMAIN}-1512`, false],
    ['S-1-5-21-7-8-9-519', true],
    ['S-1-5-18', false],
  ])('%s privileged: %s', (sid, expected) => {
    expect(isPrivilegedSid(sid, config)).toBe(expected);
  });

  it('matches extra groups by name only for groups, case-insensitively', () => {
    expect(isPrivilegedGroup({ sid: `${DOMAIN}-1101`, name: 'dnsadmins' }, config)).toBe(true);
    expect(isPrivilegedSid(`${DOMAIN}-1101`, config)).toBe(false);
    expect(
      isPrivilegedPrincipal(principal({ sid: `${DOMAIN}-1101`, name: 'DnsAdmins', kind: 'group' }), config),
    ).toBe(true);
    expect(
      isPrivilegedPrincipal(principal({ sid: `${DOMAIN}-1102`, name: 'DnsAdmins', kind: 'user' }), config),
    ).toBe(false);
  });

  it('counts members of privileged groups and the built-in Administrator as privileged', () => {
    expect(
      isPrivilegedPrincipal(principal({ sid: `${DOMAIN}-1120`, groupSids: [`${DOMAIN}-512`] }), config),
    ).toBe(true);
    expect(isPrivilegedPrincipal(principal({ sid: `${DOMAIN}-500` }), config)).toBe(true);
    expect(
      isPrivilegedPrincipal(principal({ sid: `${DOMAIN}-1121`, groupSids: [`${DOMAIN}-513`] }), config),
    ).toBe(false);
  });

  it('expects SYSTEM, SELF, the DCs and the account itself as trustees', () => {
    const { account } = buildFacts({ account: { name: 'svc_t' } }, new Date('2025-06-01T00:00:00Z'));
    for (const sid of ['S-1-5-18', 'S-1-5-10', 'S-1-3-0', 'S-1-5-9', `${DOMAIN}-516`, account.sid]) {
      expect(isExpectedTrustee(principal({ sid, kind: 'well-known' }), account, config)).toBe(true);
    }
    expect(isExpectedTrustee(principal({ sid: 'S-1-5-11', kind: 'well-known' }), account, config)).toBe(
      false,
    );
    expect(isExpectedTrustee(principal({ sid: `${DOMAIN}-1130` }), account, config)).toBe(false);
  });
});

describe('well-known SIDs', () => {
  it('reads the RID and domain of domain SIDs only', () => {
    expect(domainRidOf(`${DOMAIN}-512`)).toBe(512);
    expect(domainSidOf(`${DOMAIN}-512`)).toBe(DOMAIN);
    expect(domainRidOf('S-1-5-32-544')).toBeNull();
    expect(domainSidOf('S-1-5-18')).toBeNull();
  });

  it('names well-known SIDs and RIDs', () => {
    expect(wellKnownSidName('S-1-5-32-544')).toBe('Administrators');
    expect(wellKnownSidName(`${DOMAIN}-519`)).toBe('Enterprise Admins');
    expect(wellKnownSidName('s-1-5-18')).toBe('SYSTEM');
    expect(wellKnownSidName(`${DOMAIN}-1105`)).toBeNull();
  });
});
