import type { AccountWriteState, DirectoryChange, DirectoryWriter } from '../../domain/directory-writer';
import type { ApprovalAction } from '../approval-action';

/** The change in words and as attribute values, for the card and the audit trail. */
export interface ChangeDescription {
  /** e.g. "Remove svc_da from Domain Admins" */
  summary: string;
  /** the directory attribute that changes, e.g. `member of CN=Domain Admins,…` */
  attribute: string;
  /** the value(s) in words before and after; "(not read yet)" before the precondition ran */
  before: string;
  after: string;
}

/** What the precondition found just before the write. */
export type Plan =
  | {
      kind: 'change';
      change: DirectoryChange;
      /** the attribute values read just before, and the ones the write leaves (for the audit trail) */
      before: unknown;
      after: unknown;
    }
  /** the account is already in the wanted state (fixed by hand, or by another request) */
  | { kind: 'nothing-to-do'; reason: string };

/**
 * One remediation (or its inverse). Everything but `apply` is pure: it decides from the account
 * state read through the writer just before (precondition) or just after (verify) the write.
 */
export interface Remediation<A extends ApprovalAction = ApprovalAction> {
  kind: A['kind'];
  describe(action: A, account: AccountWriteState | null, accountName: string): ChangeDescription;
  /** the exact conditional write computed from the values just read, or why nothing is to be done */
  precondition(action: A, account: AccountWriteState): Plan;
  apply(writer: DirectoryWriter, change: DirectoryChange): Promise<void>;
  /** true when the account is in the state the action wants (after the write, or on restart) */
  verify(action: A, account: AccountWriteState): boolean;
  /** the inverse change, as the action of a new request, from the state read before the write */
  undo(action: A, before: AccountWriteState): ApprovalAction;
}

/** Every remediation writes the same way: the one conditional change its precondition computed. */
export function applyChange(writer: DirectoryWriter, change: DirectoryChange): Promise<void> {
  return writer.write(change);
}

export const hex = (n: number | null): string => (n === null ? '(not set)' : `0x${n.toString(16)}`);

/** DNs compare case-insensitively in AD. */
export const sameDn = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
