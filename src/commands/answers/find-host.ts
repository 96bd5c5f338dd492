import { type CardAnswer, card } from '../../cards/card-answer';
import type { Computer } from '../../domain/computer';
import type { ServiceAccount } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { byName } from '../../domain/by-name';
import { type AccountRowView, accountRow } from '../views/account-row';
import { clipText } from '../views/clip-text';
import { type Fact, fact } from '../views/fact';
import { pageNote } from '../views/page-note';
import { passwordAgeText } from '../../domain/password-rotation';
import { powershellQuote } from '../../domain/powershell-quote';
import { resolveHost } from '../views/resolve-host';

/** Accounts per host card; more come with "Show more" (a host rarely has this many). */
export const HOST_PAGE_SIZE = 20;

export interface HostCardView {
  title: string;
  facts: Fact[];
  emptyMessage: string;
  accounts: AccountRowView[];
  pageNote: string;
  hasMore: boolean;
  moreHost: string;
  moreOffset: number;
  powershell: string;
}

/** What an admin would type for the same answer. */
export function findHostPowerShell(host: string): string {
  return `Get-ADComputer -Identity ${powershellQuote(host)} -Properties msDS-HostServiceAccount | Select-Object -ExpandProperty msDS-HostServiceAccount | Get-ADServiceAccount`;
}

function kindLabel(accounts: readonly ServiceAccount[]): string {
  const plural = accounts.length !== 1;
  if (accounts.length > 0 && accounts.every((a) => a.kind === 'sMSA')) return plural ? 'sMSAs' : 'sMSA';
  if (accounts.length > 0 && accounts.every((a) => a.kind === 'gMSA')) return plural ? 'gMSAs' : 'gMSA';
  return plural ? 'managed service accounts' : 'managed service account';
}

export function hostCardView(
  computer: Computer,
  accounts: readonly ServiceAccount[],
  offset: number,
  now: Date,
): HostCardView {
  const name = clipText(computer.name, 64);
  const sorted = [...accounts].sort(byName);
  const page = sorted.slice(offset, offset + HOST_PAGE_SIZE);
  const end = offset + page.length;
  const hasMore = end < sorted.length;
  return {
    title: `${name}: ${sorted.length} linked ${kindLabel(sorted)}`,
    facts: [
      fact('Computer', name),
      fact('DNS name', computer.dnsHostName === null ? 'not set' : clipText(computer.dnsHostName, 255)),
      fact('Enabled', computer.enabled ? 'Yes' : 'No: the computer account is disabled'),
      fact(
        'Operating system',
        computer.operatingSystem === null ? 'unknown' : clipText(computer.operatingSystem, 100),
      ),
    ],
    emptyMessage:
      sorted.length === 0
        ? `No managed service accounts are linked to ${name} (msDS-HostServiceAccount is empty).`
        : '',
    accounts: page.map((account) => accountRow(account, [`password ${passwordAgeLabel(account, now)}`])),
    pageNote: pageNote(sorted.length, offset, page.length, { noun: 'accounts' }),
    hasMore,
    moreHost: computer.name,
    moreOffset: end,
    powershell: findHostPowerShell(computer.name),
  };
}

function passwordAgeLabel(account: ServiceAccount, now: Date): string {
  const age = passwordAgeText(account, now);
  return age === 'never set' ? 'never set' : `${age} old`;
}

/** "find sMSAs on SRV01": the computer and the service accounts linked to it. */
export async function answerFindHost(host: string, offset: number, deps: AnswerDeps): Promise<CardAnswer> {
  const computer = await resolveHost(host, deps, (name) => ({ verb: 'find-host', data: { host: name } }));
  if ('cards' in computer) return computer;
  const accounts = await deps.directory.getServiceAccountsByDn(computer.hostedServiceAccountDns);
  const view = hostCardView(computer, accounts, offset, deps.now);
  return card('host', view, view.title);
}
