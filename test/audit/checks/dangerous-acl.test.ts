import { dangerousAclCheck } from '../../../src/audit/checks/dangerous-acl';
import { buildFacts, DOMAIN } from '../support/facts-fixture';
import { describeCheckContract, runCheckFixture } from '../support/check-fixture';

describeCheckContract(dangerousAclCheck);

describe('dangerous-acl', () => {
  const run = runCheckFixture(dangerousAclCheck);

  it('reports each non-admin trustee once with its rights in words', () => {
    const finding = run.of('svc_acl').find((f) => f.detail.startsWith(`${DOMAIN}-1105`));
    expect(finding?.title).toBe('jdoe has GenericAll on the account');
    expect(finding?.evidence).toEqual([
      { label: 'Trustee', value: `jdoe (user, ${DOMAIN}-1105)` },
      { label: 'Rights', value: 'GenericAll' },
      { label: 'Source', value: 'set on the account itself' },
    ]);
  });

  it('says where an inherited grant comes from and how to fix it there', () => {
    const finding = run.of('svc_acl2').find((f) => f.detail.startsWith(`${DOMAIN}-1109`));
    expect(finding?.evidence).toContainEqual({ label: 'Source', value: 'inherited from a parent container' });
    expect(finding?.mitigation).toContain('fix it on the parent OU');
  });

  it('flags a non-admin owner', () => {
    const finding = run.of('svc_acl2').find((f) => f.detail === `${DOMAIN}-1111:Owner`);
    expect(finding?.evidence).toContainEqual({ label: 'Source', value: 'owner of the object' });
    expect(finding?.mitigation).toContain('Make Domain Admins the owner');
  });

  it('lets the broadest right hide the ones it implies', () => {
    const facts = buildFacts(
      {
        account: { name: 'svc_x' },
        aclEntries: [
          { mask: 0x40000, trustee: { sid: `${DOMAIN}-1150`, name: 'eve' } },
          { mask: 0xf01ff, trustee: { sid: `${DOMAIN}-1150`, name: 'eve' } },
          { mask: 0x40000000, trustee: { sid: `${DOMAIN}-1151`, name: 'mallory' } },
          {
            mask: 0x20,
            objectType: '3f78c3e5-f79a-46bd-a0b8-9d18116ddc79',
            trustee: { sid: `${DOMAIN}-1151`, name: 'mallory' },
          },
          { mask: 0xc0000, trustee: { sid: `${DOMAIN}-1152`, name: 'trent' } },
        ],
      },
      run.fixture.now,
    );
    expect(dangerousAclCheck.run(facts, run.ctx).map((f) => f.detail)).toEqual([
      `${DOMAIN}-1150:GenericAll`,
      `${DOMAIN}-1151:GenericWrite`,
      `${DOMAIN}-1152:WriteDacl+WriteOwner`,
    ]);
  });

  it('gives a different key when the rights change', () => {
    const base = {
      account: { name: 'svc_y' },
      aclEntries: [{ mask: 0x40000, trustee: { sid: `${DOMAIN}-1160` } }],
    };
    const more = { ...base, aclEntries: [{ mask: 0xf01ff, trustee: { sid: `${DOMAIN}-1160` } }] };
    const [a] = dangerousAclCheck.run(buildFacts(base, run.fixture.now), run.ctx);
    const [b] = dangerousAclCheck.run(buildFacts(more, run.fixture.now), run.ctx);
    expect(a?.key).not.toBe(b?.key);
    expect(a?.account.guid).toBe(b?.account.guid);
  });
});
