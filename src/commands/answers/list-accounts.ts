import { type CardAnswer, card } from '../../cards/card-answer';
import type { ServiceAccount, ServiceAccountKind } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { byName } from '../../domain/by-name';
import { type AccountRowView, accountRow } from '../views/account-row';

/** Rows per list card: with SPNs trimmed, 20 rows stay far below Teams' 28 KB message limit. */
export const LIST_PAGE_SIZE = 20;

export interface AccountListView {
  title: string;
  counts: string;
  emptyMessage: string;
  accounts: AccountRowView[];
  hasMore: boolean;
  kinds: ServiceAccountKind[];
  moreOffset: number;
  powershell: string;
}

const ALL_KINDS: readonly ServiceAccountKind[] = ['sMSA', 'gMSA'];

/** sMSA before gMSA, no duplicates; nothing asked means both. */
export function normalizeKinds(kinds: readonly ServiceAccountKind[]): ServiceAccountKind[] {
  const wanted = ALL_KINDS.filter((k) => kinds.includes(k));
  return wanted.length > 0 ? wanted : [...ALL_KINDS];
}

export function listPowerShell(kinds: readonly ServiceAccountKind[]): string {
  if (kinds.length === 1 && kinds[0] === 'sMSA') {
    return `Get-ADServiceAccount -Filter "ObjectClass -eq 'msDS-ManagedServiceAccount'" | Sort-Object Name`;
  }
  if (kinds.length === 1 && kinds[0] === 'gMSA') {
    return `Get-ADServiceAccount -Filter "ObjectClass -eq 'msDS-GroupManagedServiceAccount'" | Sort-Object Name`;
  }
  return 'Get-ADServiceAccount -Filter * | Sort-Object Name';
}

function plural(count: number, kind: ServiceAccountKind): string {
  return `${count} ${kind}${count === 1 ? '' : 's'}`;
}

function hostsLabel(account: ServiceAccount): string {
  const n = account.hostComputerDns.length;
  if (n === 0) return 'not linked to a computer';
  return n === 1 ? 'linked to 1 computer' : `linked to ${n} computers`;
}

export function accountListView(
  accounts: readonly ServiceAccount[],
  requestedKinds: readonly ServiceAccountKind[],
  offset: number,
): AccountListView {
  const kinds = normalizeKinds(requestedKinds);
  const sorted = accounts.filter((a) => kinds.includes(a.kind)).sort(byName);
  const page = sorted.slice(offset, offset + LIST_PAGE_SIZE);
  const end = offset + page.length;
  const noun = kinds.length === 2 ? 'managed service accounts' : `${kinds[0] ?? 'sMSA'}s`;
  const byKind = kinds.map((k) => plural(sorted.filter((a) => a.kind === k).length, k)).join(' · ');
  const range =
    page.length > 0 ? `Showing ${offset + 1}–${end} of ${sorted.length}` : `${sorted.length} in all`;
  return {
    title: kinds.length === 2 ? 'Managed service accounts' : `${kinds[0] ?? 'sMSA'}s`,
    counts: `${range} · ${byKind}`,
    emptyMessage:
      sorted.length === 0
        ? `There are no ${noun} in the directory.`
        : page.length === 0
          ? `No more ${noun}: all ${sorted.length} were shown.`
          : '',
    accounts: page.map((account) => accountRow(account, [hostsLabel(account)])),
    hasMore: end < sorted.length,
    kinds,
    moreOffset: end,
    powershell: listPowerShell(kinds),
  };
}

/** "list sMSAs" / "list gMSAs" / "list service accounts", one page from `offset`. */
export async function answerList(
  kinds: readonly ServiceAccountKind[],
  offset: number,
  deps: AnswerDeps,
): Promise<CardAnswer> {
  const wanted = normalizeKinds(kinds);
  const accounts = await deps.directory.listServiceAccounts(wanted);
  const view = accountListView(accounts, wanted, offset);
  return card('account-list', view, `${view.title}: ${view.counts}`);
}
