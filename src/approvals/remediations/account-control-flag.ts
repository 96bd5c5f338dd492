import type { AccountWriteState } from '../../domain/directory-writer';
import type { ApprovalAction } from '../approval-action';
import { applyChange, hex } from './remediation';
import type { Remediation } from './remediation';

type FlagAction = Extract<
  ApprovalAction,
  {
    kind:
      | 'disable-account'
      | 'enable-account'
      | 'clear-unconstrained-delegation'
      | 'restore-unconstrained-delegation';
  }
>;

interface FlagSpec<A extends FlagAction> {
  kind: A['kind'];
  /** the one userAccountControl bit this remediation owns; every other bit is kept as read */
  bit: number;
  /** true: the action sets the bit; false: it clears it */
  set: boolean;
  summary: (accountName: string) => string;
  /** the bit in words, e.g. "disabled" */
  setWords: string;
  clearWords: string;
  inverse: FlagAction['kind'];
}

/**
 * A remediation that sets or clears one userAccountControl bit by compare-and-swap: delete the
 * value just read, add that value with only this bit changed, in one modify. If someone changed the
 * flags meanwhile the directory refuses it (16) and nothing changes.
 */
export function accountControlFlag<A extends FlagAction>(spec: FlagSpec<A>): Remediation<A> {
  const wanted = (flags: number): number => (spec.set ? (flags | spec.bit) >>> 0 : (flags & ~spec.bit) >>> 0);
  const isWanted = (account: AccountWriteState): boolean =>
    ((account.accountControlFlags & spec.bit) !== 0) === spec.set;
  const words = (flags: number): string =>
    `${(flags & spec.bit) !== 0 ? spec.setWords : spec.clearWords} (userAccountControl ${hex(flags)})`;
  return {
    kind: spec.kind,
    describe: (_action, account, name) => ({
      summary: spec.summary(name),
      attribute: 'userAccountControl',
      before:
        account === null ? (spec.set ? spec.clearWords : spec.setWords) : words(account.accountControlFlags),
      after:
        account === null
          ? spec.set
            ? spec.setWords
            : spec.clearWords
          : words(wanted(account.accountControlFlags)),
    }),
    precondition: (_action, account) => {
      if (isWanted(account)) {
        return {
          kind: 'nothing-to-do',
          reason: `the account is already ${spec.set ? spec.setWords : spec.clearWords}`,
        };
      }
      const from = account.accountControlFlags;
      const to = wanted(from);
      return {
        kind: 'change',
        change: {
          kind: 'swap-number',
          dn: account.distinguishedName,
          attribute: 'account-control',
          from,
          to,
        },
        before: { userAccountControl: from },
        after: { userAccountControl: to },
      };
    },
    apply: applyChange,
    verify: (_action, account) => isWanted(account),
    undo: () => ({ kind: spec.inverse }),
  };
}
