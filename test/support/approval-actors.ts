import type { ApprovalActorInput } from '../../src/approvals/approval-service';

/**
 * The request and the two people the router-level approval tests share: Megan asks (reader), Alex
 * decides (approver), for removing a nested member of Administrators from Tier0 Service Ops.
 */
export const TIER0_GROUP = 'CN=Tier0 Service Ops,OU=Groups,DC=corp,DC=example,DC=test';

export const removalRequest = {
  findingKey: 'privileged-membership:x:S-1-5-32-544',
  account: 'svc_web01$',
  title: 'Nested member of Administrators',
  remediation: { kind: 'remove-from-group', groupDn: TIER0_GROUP, groupName: 'Tier0 Service Ops' },
};

export const actor = (id: string, roles: ApprovalActorInput['roles']): ApprovalActorInput => ({
  person: { aadObjectId: id, name: id, upn: `${id}@corp.example.test` },
  roles,
});

export const MEGAN = actor('megan', ['reader']);
export const ALEX = actor('alex', ['reader', 'approver']);
