import type { AuditEntryInput } from './audit-entry';
import { redactSecrets } from '../domain/redact-secrets';

/** Who asked (the access guard's Actor has this shape). */
export interface TurnActor {
  /** Teams user id (`29:…`) */
  teamsId: string;
  /** Microsoft Entra object id */
  entraObjectId: string | null;
  userPrincipalName: string | null;
  name: string | null;
  tenantId: string | null;
  /** the matched AD account's DN; null when none was matched */
  directoryAccountDn: string | null;
}

/** What was asked: a typed command (its kind and the text), or a card button's verb and data. */
export type TurnRequest =
  { kind: 'command'; command: string; text: string } | { kind: 'card'; verb: string; data: unknown };

/** The access decision of the turn (the guard's AccessDecision has this shape). */
export interface TurnDecision {
  actor: TurnActor;
  roles: readonly string[];
  request: TurnRequest;
  /** the role the request needs (`anyone`, `reader`, `approver`) */
  requires: string;
  allowed: boolean;
  /** why, in an admin's words */
  reason: string;
}

export interface TurnOutcome {
  /** false: refused, nothing was asked of the application */
  answered: boolean;
  /** the reply's one-line summary */
  summary: string;
}

export interface Turn {
  at: Date;
  conversationId: string | null;
  decision: TurnDecision;
  outcome: TurnOutcome;
}

/** Where the entry goes (AuditTrail.append). */
export type AppendAudit = (entry: AuditEntryInput) => Promise<unknown>;

const MAX_TEXT = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;

/** Clips user-controlled values so one turn cannot bloat the trail; secrets become `[redacted]`. */
export function clipForAudit(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const chars = Array.from(value);
    return chars.length <= MAX_TEXT ? value : `${chars.slice(0, MAX_TEXT - 1).join('')}…`;
  }
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? null : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => clipForAudit(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`+${value.length - MAX_ITEMS} more`);
    return items;
  }
  const entries = Object.entries(value).slice(0, MAX_ITEMS);
  const clipped: Record<string, unknown> = {};
  // defineProperty keeps a `__proto__` key as data instead of setting the prototype
  for (const [key, item] of entries) {
    Object.defineProperty(clipped, clipForAudit(key) as string, {
      value: clipForAudit(item, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return clipped;
}

const clip = (text: string): string => clipForAudit(text) as string;

/** One turn as one audit entry: time, actor, conversation, what was asked, the decision, the outcome. */
export function turnEntry(turn: Turn): AuditEntryInput {
  const { actor, request } = turn.decision;
  const asked =
    request.kind === 'command'
      ? { command: clipForAudit(request.command), text: clipForAudit(request.text) }
      : { verb: clipForAudit(request.verb), data: clipForAudit(request.data) };
  return {
    at: turn.at,
    // the sender's own details are user input too: a forged 300 KB name must not land in every entry
    actor: {
      id: clip(actor.entraObjectId ?? actor.teamsId),
      name: clip(actor.userPrincipalName ?? actor.name ?? actor.teamsId),
    },
    action: request.kind === 'command' ? 'turn.message' : 'turn.card',
    subject: clip(turn.conversationId ?? '(no conversation)'),
    details: redactSecrets({
      actor: clipForAudit({
        teamsId: actor.teamsId,
        entraObjectId: actor.entraObjectId,
        userPrincipalName: actor.userPrincipalName,
        directoryAccountDn: actor.directoryAccountDn,
        tenantId: actor.tenantId,
      }),
      conversationId: clipForAudit(turn.conversationId),
      asked,
      decision: {
        allowed: turn.decision.allowed,
        requires: turn.decision.requires,
        roles: [...turn.decision.roles],
        reason: clipForAudit(turn.decision.reason),
      },
      outcome: {
        status: turn.outcome.answered ? 'answered' : 'refused',
        summary: clipForAudit(turn.outcome.summary),
      },
    }),
  };
}

/** Appends the turn's entry. */
export async function recordTurn(append: AppendAudit, turn: Turn): Promise<void> {
  await append(turnEntry(turn));
}
