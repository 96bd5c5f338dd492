import type { AccessDirectory, RoleGroup } from '../domain/access-directory';
import { decideAccess } from './decide-access';
import type { AccessPolicy, AccessResolution, AskingUser, DirectoryAnswer } from './decide-access';

export function roleGroups(policy: AccessPolicy): RoleGroup[] {
  const groups: RoleGroup[] = [];
  if (policy.readersGroup !== null) groups.push({ role: 'reader', group: policy.readersGroup });
  if (policy.approversGroup !== null) groups.push({ role: 'approver', group: policy.approversGroup });
  return groups;
}

/**
 * Asks the directory about the user (every turn: a removal from a group or a disabled account takes
 * effect on the next message) and decides. A directory failure grants no directory role.
 */
export async function resolveAccess(
  user: AskingUser,
  policy: AccessPolicy,
  directory: AccessDirectory | null,
  onError: (error: unknown) => void = () => undefined,
): Promise<AccessResolution> {
  const groups = roleGroups(policy);
  let answer: DirectoryAnswer = { kind: 'not-asked' };
  if (!policy.open && directory !== null && groups.length > 0 && user.userPrincipalName !== null) {
    try {
      answer = {
        kind: 'people',
        people: await directory.findPeople(policy.matchAttribute, user.userPrincipalName, groups),
      };
    } catch (error) {
      onError(error);
      answer = { kind: 'unavailable' };
    }
  }
  return decideAccess(user, answer, policy);
}
