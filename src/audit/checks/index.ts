import { checkIds, type CheckId } from '../../domain/finding';
import type { Check } from '../check';
import { constrainedDelegationCheck } from './constrained-delegation';
import { dangerousAclCheck } from './dangerous-acl';
import { disabledCheck } from './disabled';
import { duplicateSpnCheck } from './duplicate-spn';
import { gmsaPasswordReadersCheck } from './gmsa-password-readers';
import { hostMissingOrDisabledCheck } from './host-missing-or-disabled';
import { multiHostLinkCheck } from './multi-host-link';
import { noOwnerCheck } from './no-owner';
import { orphanedCheck } from './orphaned';
import { passwordRotationCheck } from './password-rotation';
import { privilegedMembershipCheck } from './privileged-membership';
import { resourceBasedDelegationCheck } from './resource-based-delegation';
import { sharedIdentityCheck } from './shared-identity';
import { staleCheck } from './stale';
import { unconstrainedDelegationCheck } from './unconstrained-delegation';
import { weakEncryptionCheck } from './weak-encryption';

/** Every check by id: the mapped type makes a missing or mislabelled check a compile error. */
export const checksById: { readonly [Id in CheckId]: Check<Id> } = {
  'privileged-membership': privilegedMembershipCheck,
  'unconstrained-delegation': unconstrainedDelegationCheck,
  'constrained-delegation': constrainedDelegationCheck,
  'resource-based-delegation': resourceBasedDelegationCheck,
  'password-rotation': passwordRotationCheck,
  orphaned: orphanedCheck,
  'host-missing-or-disabled': hostMissingOrDisabledCheck,
  disabled: disabledCheck,
  stale: staleCheck,
  'weak-encryption': weakEncryptionCheck,
  'duplicate-spn': duplicateSpnCheck,
  'dangerous-acl': dangerousAclCheck,
  'gmsa-password-readers': gmsaPasswordReadersCheck,
  'no-owner': noOwnerCheck,
  'multi-host-link': multiHostLinkCheck,
  'shared-identity': sharedIdentityCheck,
};

/** The catalogue in DESIGN order. */
export const allChecks: readonly Check[] = checkIds.map((id): Check => checksById[id]);
