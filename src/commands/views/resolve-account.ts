import type { CardAnswer } from '../../cards/card-answer';
import type { ServiceAccount } from '../../domain/service-account';
import type { AnswerDeps } from '../answer-deps';
import { closestNames } from './closest-names';
import { quoted } from './not-found';
import { powershellQuote } from '../../domain/powershell-quote';
import type { Retry } from './resolve-host';
import { suggestReply } from './suggest-reply';

const showAccount: Retry = (name) => ({ verb: 'show', data: { account: name } });

/** "No service account named 'X'.", with `suggestions` as buttons that run `retry` (none by default). */
export function noAccountReply(
  name: string,
  suggestions: readonly string[] = [],
  retry: Retry = showAccount,
): CardAnswer {
  return suggestReply({
    message: `No service account named ${quoted(name)}.`,
    suggestions,
    action: retry,
    powershell: `Get-ADServiceAccount -Identity ${powershellQuote(name)}`,
  });
}

/**
 * The service account named `name`, or the not-found reply with the closest account names as buttons
 * that run `retry` (tell them apart by `cards`).
 */
export async function resolveAccount(
  name: string,
  deps: AnswerDeps,
  retry: Retry,
): Promise<ServiceAccount | CardAnswer> {
  const account = await deps.directory.findServiceAccount(name);
  if (account !== null) return account;
  const all = await deps.directory.listServiceAccounts();
  const bare = name.trim().replace(/\$$/, '');
  return noAccountReply(
    name,
    closestNames(
      bare === '' ? name : bare,
      all.map((a) => a.name),
    ),
    retry,
  );
}
