import { groupDisplayName, refusalReply } from '../../src/access/access-cards';
import { decideAccess } from '../../src/access/decide-access';
import type { AccessPolicy } from '../../src/access/decide-access';

const POLICY: AccessPolicy = {
  open: false,
  readersGroup: 'CN=MSA Warden Readers,OU=Groups,DC=corp,DC=example,DC=test',
  approversGroup: 'msa-warden-approvers',
  matchAttribute: 'userPrincipalName',
  readerIds: [],
  approverIds: [],
};
const user = {
  teamsId: '29:1x',
  name: 'X',
  tenantId: 't',
  userPrincipalName: 'x@corp.example.test',
  entraObjectId: null,
};

describe('access cards', () => {
  it('names a group by its CN or as configured', () => {
    expect(groupDisplayName(POLICY.readersGroup!)).toBe('MSA Warden Readers');
    expect(groupDisplayName('CN=Ops\\, Tier 1,OU=Groups,DC=x')).toBe('Ops, Tier 1');
    expect(groupDisplayName('msa-warden-approvers')).toBe('msa-warden-approvers');
  });

  it('refuses politely, naming the readers group and nothing about the directory', () => {
    const access = decideAccess(user, { kind: 'people', people: [] }, POLICY);
    const reply = refusalReply(access, 'reader', POLICY);
    const text = JSON.stringify(reply.cards);
    expect(text).toContain(
      'You are not allowed to use msa-warden; ask an admin to add you to MSA Warden Readers.',
    );
    expect(text).not.toContain('x@corp.example.test');
    expect(text).not.toContain('DC=');
    expect(reply.cards).toHaveLength(1);
  });
});
