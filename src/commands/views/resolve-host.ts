import type { CardAnswer } from '../../cards/card-answer';
import type { Computer } from '../../domain/computer';
import type { AnswerDeps } from '../answer-deps';
import { closestNames } from './closest-names';
import { quoted } from './not-found';
import { powershellQuote } from '../../domain/powershell-quote';
import { type SuggestInput, suggestReply } from './suggest-reply';

/** What a "did you mean" button runs: the same question again with the suggested name. */
export type Retry = SuggestInput['action'];

/** "No computer named 'X'." with the closest computer names as buttons that run `retry`. */
export async function unknownHostReply(host: string, deps: AnswerDeps, retry: Retry): Promise<CardAnswer> {
  const names = await deps.directory.listComputerNames();
  // compare like with like: `SRV01$` and `srv01.corp.example.test` against NetBIOS names
  const bare = host.trim().replace(/\$$/, '').split('.')[0] ?? host;
  return suggestReply({
    message: `No computer named ${quoted(host)}.`,
    suggestions: closestNames(bare === '' ? host : bare, names),
    action: retry,
    powershell: `Get-ADComputer -Identity ${powershellQuote(host)}`,
  });
}

/** The computer named `host`, or the not-found reply whose suggestions run `retry` (tell them apart by `cards`). */
export async function resolveHost(
  host: string,
  deps: AnswerDeps,
  retry: Retry,
): Promise<Computer | CardAnswer> {
  return (await deps.directory.findComputer(host)) ?? unknownHostReply(host, deps, retry);
}
