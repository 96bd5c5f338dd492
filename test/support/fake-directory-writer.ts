import { DirectoryError } from '../../src/domain/directory-error';
import type { AccountWriteState, DirectoryChange, DirectoryWriter } from '../../src/domain/directory-writer';

/**
 * A DirectoryWriter over in-memory accounts that answers like AD/Samba: compare-and-swap refused
 * with 16 when the old value moved on, 53 removing an absent member, 68 adding a present one;
 * `refuseWith` plays 50 (insufficient rights) or 19 (constraint). Counts the writes it accepted.
 */
export class FakeDirectoryWriter implements DirectoryWriter {
  readonly accounts = new Map<string, AccountWriteState>();
  readonly writes: DirectoryChange[] = [];
  refuseWith: { code: number; reason: 'insufficient-rights' | 'constraint' } | null = null;
  /** simulated write latency, so racing callers overlap */
  delayMs = 0;
  /** runs before each write: a test changes the account "meanwhile" here */
  beforeWrite: (() => void) | null = null;
  /** thrown after a write was applied: the answer to it got lost (connection reset, timeout) */
  loseAnswer: DirectoryError | null = null;

  constructor(accounts: AccountWriteState[] = []) {
    for (const account of accounts)
      this.accounts.set(account.distinguishedName.toLowerCase(), { ...account });
  }

  readAccount(dn: string): Promise<AccountWriteState | null> {
    const account = this.accounts.get(dn.toLowerCase());
    return Promise.resolve(account === undefined ? null : structuredClone(account));
  }

  async write(change: DirectoryChange): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.beforeWrite?.();
    if (this.refuseWith !== null) {
      throw new DirectoryError(this.refuseWith.reason, `LDAP ${this.refuseWith.code}`, this.refuseWith.code);
    }
    if (change.kind === 'swap-number') {
      const account = this.must(change.dn);
      const key = change.attribute === 'account-control' ? 'accountControlFlags' : 'supportedEncryptionTypes';
      if (account[key] !== change.from) throw new DirectoryError('already-in-state', 'LDAP 16', 16);
      if (key === 'accountControlFlags') account.accountControlFlags = change.to ?? 0;
      else account.supportedEncryptionTypes = change.to;
    } else if (change.attribute === 'member') {
      for (const memberDn of change.values) {
        const member = this.must(memberDn);
        const has = member.memberOfDns.some((g) => g.toLowerCase() === change.dn.toLowerCase());
        if (change.kind === 'remove-values') {
          if (!has) throw new DirectoryError('already-in-state', 'LDAP 53', 53);
          member.memberOfDns = member.memberOfDns.filter((g) => g.toLowerCase() !== change.dn.toLowerCase());
        } else {
          if (has) throw new DirectoryError('already-in-state', 'LDAP 68', 68);
          member.memberOfDns.push(change.dn);
        }
      }
    } else if (change.attribute === 'delegation-targets') {
      const account = this.must(change.dn);
      if (change.kind === 'remove-values') {
        if (change.values.some((v) => !account.delegationTargets.includes(v)))
          throw new DirectoryError('already-in-state', 'LDAP 16', 16);
        account.delegationTargets = account.delegationTargets.filter((v) => !change.values.includes(v));
      } else {
        account.delegationTargets.push(...change.values);
      }
    } else {
      const account = this.must(change.dn);
      if (change.kind === 'remove-values') {
        if (account.resourceDelegationDescriptor !== change.values[0])
          throw new DirectoryError('already-in-state', 'LDAP 16', 16);
        account.resourceDelegationDescriptor = null;
      } else {
        account.resourceDelegationDescriptor = change.values[0] ?? null;
      }
    }
    this.writes.push(change);
    if (this.loseAnswer !== null) throw this.loseAnswer;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private must(dn: string): AccountWriteState {
    const account = this.accounts.get(dn.toLowerCase());
    if (account === undefined) throw new DirectoryError('no-such-object', 'LDAP 32', 32);
    return account;
  }
}
