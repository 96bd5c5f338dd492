import type { ServiceAccount } from '../../domain/service-account';
import { clipList, clipText } from './clip-text';

/** One service account in a list or host card: bold name, a summary line, a few SPNs, a "Show" button. */
export interface AccountRowView {
  name: string;
  summary: string;
  /** '' when the account has no SPNs */
  spns: string;
  /** what the "Show" button sends back: the sAMAccountName, unique in the domain */
  account: string;
}

const ROW_SPNS = 2;
const ROW_SPN_CHARS = 60;

export function accountRow(account: ServiceAccount, details: readonly string[]): AccountRowView {
  return {
    name: clipText(account.name, 64),
    summary: ['', account.kind, account.enabled ? 'enabled' : 'disabled', ...details].join(' · '),
    spns: clipList(account.servicePrincipalNames, ROW_SPNS, ROW_SPN_CHARS).join(', '),
    account: account.samAccountName,
  };
}
