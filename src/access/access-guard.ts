import type { CardReply } from '../cards/card-reply';
import { parseCommand } from '../commands/parse/parse-command';
import type { AccessDirectory } from '../domain/access-directory';
import type { Role } from '../domain/role';
import { notRecordedReply, refusalReply, whoamiReply } from './access-cards';
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
  threadId?: string;
  cardActivityId?: string;
  kind?: 'personal' | 'groupChat' | 'channel';
}

/**
 * Who the guard let through, handed to the application for its own rules (the approval service
 * checks roles, the requester and expiry again on every click).
 */
export interface TurnAsker {
  /** stable id: the Entra object id, the Teams id when there is none */
  id: string;
  name: string;
  userPrincipalName: string | null;
  /** weakest first; an approver is always a reader too */
  roles: readonly Role[];
}

/** What the guard offers the transport (the bot's ChatApp has this shape). */
export interface GuardedApp {
  /** `conversation`: where the message was typed (the digest commands act on it) */
  answerText(text: string, user: GuardedUser, conversation?: GuardedConversation): Promise<CardReply>;
  answerAction(
    verb: string,
    data: unknown,
    user: GuardedUser,
    conversation?: GuardedConversation,
  ): Promise<CardReply>;
}

/** The application behind the guard: it is told who was let through and with which roles. */
export interface InnerApp {
  answerText(
    text: string,
    user: GuardedUser,
    conversation: GuardedConversation | undefined,
    asker: TurnAsker,
  ): Promise<CardReply>;
  answerAction(
    verb: string,
    data: unknown,
    user: GuardedUser,
    conversation: GuardedConversation | undefined,
    asker: TurnAsker,
  ): Promise<CardReply>;
}

function askerOf(access: AccessResolution): TurnAsker {
  const { actor } = access;
  const account = access.account.kind === 'matched' ? access.account.person : null;
  return {
    id: actor.entraObjectId ?? actor.teamsId,
    name: actor.name ?? actor.userPrincipalName ?? actor.teamsId,
    userPrincipalName: actor.userPrincipalName ?? account?.userPrincipalName ?? null,
    roles: [...access.roles],
  };
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
 * one-line summary of what was asked, how it ended and where. A failing hook never blocks an answer;
 * the answer then carries a note that it was not recorded.
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
export function guardChatApp(inner: InnerApp, options: AccessGuardOptions): GuardedApp {
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
      // the hook keeps the audit trail: a turn it could not record says so instead of passing silently
      return notRecordedReply(reply);
    }
    return reply;
  };

  return {
    answerText: (text, user, conversation) => {
      const command = parseCommand(text);
      const request: TurnRequest = { kind: 'command', command: command.kind, text };
      return turn(user, conversation, request, commandRequirement(command.kind), (access) =>
        command.kind === 'whoami'
          ? whoami(access)
          : inner.answerText(text, user, conversation, askerOf(access)),
      );
    },
    answerAction: (verb, data, user, conversation) =>
      turn(user, conversation, { kind: 'card', verb, data }, cardVerbRequirement(verb), (access) =>
        inner.answerAction(verb, data, user, conversation, askerOf(access)),
      ),
  };
}
