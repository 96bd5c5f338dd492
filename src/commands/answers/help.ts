import { type CardAnswer, card } from '../../cards/card-answer';
import { clipText } from '../views/clip-text';
import { outdatedButtonReply } from '../views/error-card';

export interface HelpEntry {
  example: string;
  description: string;
}

/** Every command with an example; the Teams manifest's commandLists mirror this list. */
export const HELP_COMMANDS: readonly HelpEntry[] = [
  {
    example: 'find sMSAs on SRV01',
    description: 'the computer and the service accounts linked to it (NetBIOS, SRV01$ or DNS name)',
  },
  { example: 'list sMSAs', description: 'standalone managed service accounts, 20 at a time' },
  { example: 'list gMSAs', description: 'group managed service accounts' },
  { example: 'list service accounts', description: 'both kinds, with counts' },
  {
    example: 'show svc_sql01',
    description: 'one account in detail: hosts, groups, delegation, SPNs, password rotation',
  },
  {
    example: 'audit privileged sMSAs',
    description: 'accounts in privileged groups, direct or nested, with the chain',
  },
  { example: 'audit sMSAs', description: "every check on every account: a summary, then a check's findings" },
  { example: 'audit SRV01', description: 'every check on the accounts of one computer' },
  {
    example: 'migration candidates on SRV01',
    description: 'user accounts acting as services that could become sMSAs/gMSAs',
  },
  { example: 'test svc_sql01 on SRV01', description: 'the directory side of Test-ADServiceAccount' },
  {
    example: 'subscribe digest weekdays at 08:00 Europe/Berlin',
    description:
      'a regular digest in this conversation: new, resolved and overdue (daily, weekdays or weekly on <day>)',
  },
  { example: 'digest status', description: "this conversation's digest schedule and its next run" },
  { example: 'digest now', description: 'one digest here at once' },
  { example: 'unsubscribe digest', description: 'no more digests here' },
  { example: 'pending approvals', description: 'fix requests waiting for an approver, each with Open' },
  { example: 'my requests', description: 'the fixes you asked for and where they stand' },
  { example: 'show request 42', description: 'one fix request with its history (the id is on its card)' },
  { example: 'whoami', description: 'how the bot sees you: your AD account and your roles' },
  { example: 'help', description: 'this list' },
];

export const HELP_POWERSHELL =
  'Get-Command -Module ActiveDirectory -Noun ADServiceAccount, ADComputerServiceAccount';

/** The help card; `notices` go first (e.g. "I didn't understand 'X'"). */
export function helpReply(notices: readonly string[] = []): CardAnswer {
  return card(
    'help',
    { notices: [...notices], commands: HELP_COMMANDS, powershell: HELP_POWERSHELL },
    notices.length > 0 ? notices.join(' ') : 'Help: the commands I understand',
  );
}

/** "help". */
export function answerHelp(): CardAnswer {
  return helpReply();
}

/** Text the parser did not understand: the help card, saying so. */
export function answerUnknown(text: string): CardAnswer {
  return helpReply([`I didn't understand '${clipText(text, 100)}'.`]);
}

/** A card verb that is unknown or whose data does not fit: the button is out of date. */
export function answerOutdatedButton(): CardAnswer {
  return outdatedButtonReply();
}
