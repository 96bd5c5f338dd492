import type { CardReply } from '../cards/card-reply';
import { parseCommand } from '../commands/parse/parse-command';
import type { AccessDirectory } from '../domain/access-directory';
import type { Role } from '../domain/role';
import { refusalReply, whoamiReply } from './access-cards';
import { cardVerbRequirement, commandRequirement } from './access-table';
import type { Requirement } from './access-table';
import { decideTurn } from './decide-access';
import type {
  AccessDecision,
  AccessPolicy,
  AccessResolution,
  AskingUser,
  TurnRequest,
} from './decide-access';
import { resolveAccess } from './resolve-access';

/** The Teams user as the transport passes it (the bot's ChatUser has this shape). */
export interface GuardedUser {
  id: string;
  aadObjectId?: string;
  name?: string;
  tenantId?: string;
  userPrincipalName?: string;
}

/** The conversation a turn came from (the bot's ChatConversation has this shape). */
export interface GuardedConversation {
  id: string;
}

/** The application the guard stands in front of (the bot's ChatApp has this shape). */
export interface GuardedApp {
  answerText(text: string, user: GuardedUser, conversation?: GuardedConversation): Promise<CardReply>;
  answerAction(
    verb: string,
    data: unknown,
    user: GuardedUser,
    conversation?: GuardedConversation,
  ): Promise<CardReply>;
}

export interface TurnOutcome {
  /** false: refused, nothing was asked of the application */
  answered: boolean;
  /** the reply's one-line summary */
  summary: string;
}

/** Where the turn happened. */
export interface TurnPlace {
  /** null when the transport did not say */
  conversationId: string | null;
}

/**
 * Told about every turn after it is answered, e.g. to keep an audit trail: the access decision, a
 * one-line summary of what was asked, how it ended and where. A failing hook never blocks an answer.
 */
export type TurnHook = (
  decision: AccessDecision,
  commandSummary: string,
  outcome: TurnOutcome,
  place: TurnPlace,
) => void | Promise<void>;

export interface AccessGuardOptions {
  policy: AccessPolicy;
  /** null: no directory to ask (then only the Entra id lists or ACCESS_OPEN grant roles) */
  directory: AccessDirectory | null;
  onTurn?: TurnHook;
  /** directory failures and hook failures, for the operator's log */
  onError?: (error: unknown) => void;
}

function askingUser(user: GuardedUser): AskingUser {
  return {
    teamsId: user.id,
    name: user.name ?? null,
    tenantId: user.tenantId ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
    entraObjectId: user.aadObjectId ?? null,
  };
}

const MAX_SUMMARY = 200;

function summarize(request: TurnRequest): string {
  const text = request.kind === 'command' ? `${request.command}: ${request.text}` : `card ${request.verb}`;
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

/**
 * The one place access is enforced: every typed message and card click is decided here, between
 * the transport and the command router, before the router sees it. `whoami` is answered here
 * because only the guard knows who is asking.
 */
export function guardChatApp(inner: GuardedApp, options: AccessGuardOptions): GuardedApp {
  const { policy, directory } = options;
  const onError = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // a broken logger must not break a turn
    }
  };

  const whoami = async (access: AccessResolution): Promise<CardReply> => {
    const chains = new Map<Role, readonly string[] | null>();
    const person = access.account.kind === 'matched' ? access.account.person : null;
    if (person !== null && directory !== null) {
      for (const grant of access.grants) {
        if (grant.via !== 'ad-group' || grant.groupDn === null) continue;
        try {
          chains.set(grant.role, await directory.membershipChain(person.dn, grant.groupDn));
        } catch (error) {
          onError(error);
        }
      }
    }
    return whoamiReply(access, chains);
  };

  const turn = async (
    user: GuardedUser,
    conversation: GuardedConversation | undefined,
    request: TurnRequest,
    requires: Requirement,
    answer: (access: AccessResolution) => Promise<CardReply>,
  ): Promise<CardReply> => {
    const access = await resolveAccess(askingUser(user), policy, directory, onError);
    const decision = decideTurn(access, request, requires);
    const reply = decision.allowed ? await answer(access) : refusalReply(access, requires, policy);
    try {
      await options.onTurn?.(
        decision,
        summarize(request),
        {
          answered: decision.allowed,
          summary: reply.summary,
        },
        { conversationId: conversation?.id ?? null },
      );
    } catch (error) {
      onError(error);
    }
    return reply;
  };

  return {
    answerText: (text, user, conversation) => {
      const command = parseCommand(text);
      const request: TurnRequest = { kind: 'command', command: command.kind, text };
      return turn(user, conversation, request, commandRequirement(command.kind), (access) =>
        command.kind === 'whoami' ? whoami(access) : inner.answerText(text, user, conversation),
      );
    },
    answerAction: (verb, data, user, conversation) =>
      turn(user, conversation, { kind: 'card', verb, data }, cardVerbRequirement(verb), () =>
        inner.answerAction(verb, data, user, conversation),
      ),
  };
}
