import { z } from 'zod';
import type { CardReply } from '../cards/card-reply';
import type { AnswerDeps } from './answer-deps';
import { answerSafely } from './answer-safely';
import { outdatedButtonReply } from './error-card';
import { answerFindHost } from './find-host';
import { helpReply } from './help';
import { answerList } from './list-accounts';
import { answerShowAccount } from './show-account';

// The card data comes back from the client: check it here, at the edge, like any other user input.
const name = z.string().trim().min(1).max(256);
const offset = z.number().int().min(0).max(1_000_000);

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
} as const;

type Verb = keyof typeof actions;

function isVerb(verb: string): verb is Verb {
  return Object.hasOwn(actions, verb);
}

/** The Action.Execute verbs the cards emit. */
export const CARD_ACTION_VERBS: readonly string[] = Object.keys(actions);

function run(verb: string, data: unknown, deps: AnswerDeps): Promise<CardReply> {
  if (!isVerb(verb)) return Promise.resolve(outdatedButtonReply());
  switch (verb) {
    case 'list.more': {
      const parsed = actions[verb].safeParse(data);
      return parsed.success
        ? answerList(parsed.data.kinds, parsed.data.offset, deps)
        : Promise.resolve(outdatedButtonReply());
    }
    case 'show': {
      const parsed = actions[verb].safeParse(data);
      return parsed.success
        ? answerShowAccount(parsed.data.account, deps)
        : Promise.resolve(outdatedButtonReply());
    }
    case 'find-host': {
      const parsed = actions[verb].safeParse(data);
      return parsed.success
        ? answerFindHost(parsed.data.host, parsed.data.offset ?? 0, deps)
        : Promise.resolve(outdatedButtonReply());
    }
    case 'help':
      return Promise.resolve(helpReply());
  }
}

/**
 * An Action.Execute click → the reply cards. An unknown verb or data that does not fit (an old card,
 * a forged invoke) gets a card saying the button is out of date; nothing here throws.
 */
export function answerCardAction(verb: string, data: unknown, deps: AnswerDeps): Promise<CardReply> {
  return answerSafely(() => run(verb, data, deps), deps);
}
