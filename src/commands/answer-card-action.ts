import { z } from 'zod';
import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import { answerAuditAccountByName, answerAuditAll, answerAuditHost } from './answers/audit-all';
import { answerAuditPrivileged } from './answers/audit-privileged';
import { answerSafely } from './answer-safely';
import { outdatedButtonReply } from './views/error-card';
import { answerFindHost } from './answers/find-host';
import { answerFixRequest } from './answers/fix-request';
import { helpReply } from './answers/help';
import { answerList } from './answers/list-accounts';
import { answerMigrationCandidates } from './answers/migration-candidates';
import { answerShowAccount } from './answers/show-account';
import { answerTestAccount } from './answers/test-account';

// The card data comes back from the client: check it here, at the edge, like any other user input.
const name = z.string().trim().min(1).max(256);
const offset = z.number().int().min(0).max(1_000_000);
const dn = z.string().min(1).max(2048);

/** A RemediationProposal as a button carries it; the approval flow re-checks it before anything runs. */
const remediation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('remove-from-group'), groupDn: dn, groupName: z.string().min(1).max(256) }),
  z.object({ kind: z.literal('clear-unconstrained-delegation') }),
  z.object({ kind: z.literal('remove-delegation-targets'), targets: z.array(dn).min(1).max(100) }),
  z.object({ kind: z.literal('clear-rbcd') }),
  z.object({ kind: z.literal('disable-account') }),
  z.object({ kind: z.literal('set-aes-only') }),
]);

const actions = {
  'list.more': z.object({
    kinds: z
      .array(z.enum(['sMSA', 'gMSA']))
      .min(1)
      .max(2),
    offset,
  }),
  show: z.object({ account: name }),
  'find-host': z.object({ host: name, offset: offset.optional() }),
  help: z.unknown(),
  'audit.more': z.discriminatedUnion('scope', [
    z.object({ scope: z.literal('all'), offset }),
    z.object({ scope: z.literal('privileged'), offset }),
    z.object({ scope: z.literal('host'), host: name, offset }),
    z.object({ scope: z.literal('account'), account: name, offset }),
  ]),
  'migration.more': z.object({ host: name.optional(), offset }),
  'test-account': z.object({ account: name, host: name }),
  'fix.request': z.object({
    key: z.string().min(1).max(1024),
    account: name,
    title: z.string().max(512),
    remediation: remediation.optional(),
  }),
} as const;

type Verb = keyof typeof actions;

function isVerb(verb: string): verb is Verb {
  return Object.hasOwn(actions, verb);
}

/** The Action.Execute verbs the cards emit. */
export const CARD_ACTION_VERBS: readonly string[] = Object.keys(actions);

/** Parses the data for `verb` and answers, or says the button is out of date. */
function withData<V extends Verb>(
  verb: V,
  data: unknown,
  answer: (parsed: z.output<(typeof actions)[V]>) => Promise<CardReply>,
): Promise<CardReply> {
  const parsed = actions[verb].safeParse(data);
  return parsed.success
    ? answer(parsed.data as z.output<(typeof actions)[V]>)
    : Promise.resolve(outdatedButtonReply());
}

function run(verb: string, data: unknown, deps: AnswerDeps): Promise<CardReply> {
  if (!isVerb(verb)) return Promise.resolve(outdatedButtonReply());
  switch (verb) {
    case 'list.more':
      return withData(verb, data, (d) => answerList(d.kinds, d.offset, deps));
    case 'show':
      return withData(verb, data, (d) => answerShowAccount(d.account, deps));
    case 'find-host':
      return withData(verb, data, (d) => answerFindHost(d.host, d.offset ?? 0, deps));
    case 'help':
      return Promise.resolve(helpReply());
    case 'audit.more':
      return withData(verb, data, (d) => {
        switch (d.scope) {
          case 'all':
            return answerAuditAll(d.offset, deps);
          case 'privileged':
            return answerAuditPrivileged(d.offset, deps);
          case 'host':
            return answerAuditHost(d.host, d.offset, deps);
          case 'account':
            return answerAuditAccountByName(d.account, d.offset, deps);
        }
      });
    case 'migration.more':
      return withData(verb, data, (d) => answerMigrationCandidates(d.host ?? null, d.offset, deps));
    case 'test-account':
      return withData(verb, data, (d) => answerTestAccount(d.account, d.host, deps));
    case 'fix.request':
      return withData(verb, data, (d) => answerFixRequest(d, deps));
  }
}

/**
 * An Action.Execute click → the reply cards. An unknown verb or data that does not fit (an old card,
 * a forged invoke) gets a card saying the button is out of date; nothing here throws.
 */
export function answerCardAction(verb: string, data: unknown, deps: AnswerDeps): Promise<CardReply> {
  return answerSafely(() => run(verb, data, deps), deps);
}
